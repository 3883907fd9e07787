import subprocess
import sys

# a list without shell=True: the user's text is one argument of ls, not a command
subprocess.run(["ls", "-l", sys.argv[1]])
subprocess.check_output(["grep", "-r", input(), "."])
