import os
import sys

cmd = "ls "
cmd += sys.argv[1]  # SOURCE p66
os.system(cmd)  # SINK command-injection p66
