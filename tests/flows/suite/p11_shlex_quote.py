import os
import shlex
import sys

arg = shlex.quote(sys.argv[1])
os.system("ls " + arg)
