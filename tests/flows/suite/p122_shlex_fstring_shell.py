import shlex
import subprocess
import sys

path = sys.argv[1]  # SOURCE p122
subprocess.run(f"ls -l {shlex.quote(path)}", shell=True)
subprocess.run(f"ls -l {path}", shell=True)  # SINK command-injection p122
subprocess.run(["ls", "-l", path], shell=False)
subprocess.run(["ls", "-l", path])
subprocess.run("ls -l " + " ".join(shlex.quote(a) for a in sys.argv[2:]), shell=True)
