import os


class Box:
    pass


a = Box()
a.v = input()  # SOURCE p102
b = Box()
b.v = "ls"
os.system(b.v)
os.system(a.v)  # SINK command-injection p102
