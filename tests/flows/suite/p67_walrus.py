import os

if (n := input()):  # SOURCE p67
    os.system(n)  # SINK command-injection p67
