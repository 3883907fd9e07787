import os
import sys

run = lambda c: os.system(c)  # SINK command-injection p64
run(sys.argv[1])  # SOURCE p64
