import os
import sys

if len(sys.argv) > 2:
    cmd = input()  # SOURCE p15
else:
    cmd = "ls"
os.system(cmd)  # SINK command-injection p15
