import shlex
import subprocess
import sys

subprocess.run(shlex.join(["ls", "-l", sys.argv[1]]), shell=True)
subprocess.run("ls -l " + sys.argv[2], shell=True)  # SOURCE p135 # SINK command-injection p135
