import sys

with open(sys.argv[1]) as f:  # SOURCE p19 # SINK path-injection p19
    print(f.read())
