import os


class Box:
    def __init__(self, v):
        self.v = v


a = Box(input())  # SOURCE p86
b = Box("ls")
os.system(b.v)
os.system(a.v)  # SINK command-injection p86
