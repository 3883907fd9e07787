import sys
from pathlib import Path

BASE = Path("/srv/data")
target = BASE / sys.argv[1]  # SOURCE p114
with open(target) as f:  # SINK path-injection p114
    print(f.read())
with open(BASE / "index.txt") as f:
    print(f.read())
