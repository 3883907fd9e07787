import sys

data = sys.stdin.read()  # SOURCE p06
exec(data)  # SINK code-injection p06
