import sys

expr = sys.stdin.readline().strip()  # SOURCE p136
print(eval(expr))  # SINK code-injection p136
print(eval("1 + 2"))
