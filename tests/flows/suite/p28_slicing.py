import os
import sys

v = sys.argv[1][2:]  # SOURCE p28
os.system(v.replace(";", ""))  # SINK command-injection p28
