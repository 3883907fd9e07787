import os
import subprocess

d = os.environ.get("DIR", ".")  # SOURCE p05
cmd = "ls {}".format(d)
subprocess.Popen(cmd, shell=True)  # SINK command-injection p05
