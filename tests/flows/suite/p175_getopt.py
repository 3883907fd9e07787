import getopt
import os
import sys

opts, rest = getopt.getopt(sys.argv[1:], "f:v")  # SOURCE p175
path = "default.txt"
for opt, val in opts:
    if opt == "-f":
        path = val
os.remove(path)  # SINK path-injection p175
