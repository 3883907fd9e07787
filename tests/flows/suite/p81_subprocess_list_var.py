import subprocess
import sys

cmd = ["ls", "-l", sys.argv[1]]
subprocess.run(cmd)
prog = [input(), "--version"]  # SOURCE p81
subprocess.run(prog)  # SINK command-injection p81
