import pathlib
import sys

p = pathlib.Path(sys.argv[1])  # SOURCE p76 # SINK path-injection p76
print(p.read_text())
