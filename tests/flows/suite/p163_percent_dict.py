import os
import sys

params = {"dir": sys.argv[1], "mode": "long"}  # SOURCE p163
os.system("ls %(dir)s" % params)  # SINK command-injection p163
os.system("ls --format=%(mode)s" % {"mode": params["mode"]})
os.system("ls {dir}".format_map(params))  # SINK command-injection p163
