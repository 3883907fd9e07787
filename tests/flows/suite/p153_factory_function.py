import os


class Box:
    def __init__(self, v):
        self.v = v


def make():
    return Box(input())  # SOURCE p153


b = make()
os.system(b.v)  # SINK command-injection p153
