import os
import sys

cmd = "ls"
if len(sys.argv) > 1:
    cmd = "pwd"
os.system(cmd)

verbose = "-v" in sys.argv
os.system("ls -v" if verbose else "ls")
os.system(f"echo {len(sys.argv[1])}")
os.system("echo %s" % ("yes" if sys.argv[1] == "y" else "no"))
