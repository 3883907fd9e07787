import os
import sys

cfg = {"cmd": sys.argv[1], "mode": "fast"}  # SOURCE p50
os.system(cfg["cmd"])  # SINK command-injection p50
