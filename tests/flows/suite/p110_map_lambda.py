import os
import sys

cleaned = map(lambda s: s.strip(), sys.argv[1:])  # SOURCE p110
for c in cleaned:
    os.system(c)  # SINK command-injection p110

for i in map(int, sys.argv[1:]):
    os.system("kill %d" % i)
