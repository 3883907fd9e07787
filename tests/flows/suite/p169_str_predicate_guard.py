import os
import sys

pid = sys.argv[1]
if pid.isdigit():
    os.system("kill " + pid)

name = sys.argv[2]
if not name.isalnum():
    sys.exit("bad name")
os.system("id " + name)

arg = sys.argv[3]  # SOURCE p169
if arg.startswith("-"):
    os.system("ls " + arg)  # SINK command-injection p169
