import sys

with open(sys.argv[1], "w") as f:  # SOURCE p68 # SINK path-injection p68
    f.write("x")
