import os
import sys

lines = (line.strip() for line in sys.stdin)  # SOURCE p111
first = next(lines)
os.system(first)  # SINK command-injection p111
