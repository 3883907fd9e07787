import os
import sys


def lines():
    for line in sys.stdin:  # SOURCE p47
        yield line.strip()


for cmd in lines():
    os.system(cmd)  # SINK command-injection p47
