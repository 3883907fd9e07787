import os

a, b = "ls", input()  # SOURCE p52
os.system(a)
os.system(b)  # SINK command-injection p52
