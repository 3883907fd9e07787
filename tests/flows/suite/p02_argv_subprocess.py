import subprocess
import sys

subprocess.call("ls " + sys.argv[1], shell=True)  # SOURCE p02 # SINK command-injection p02
