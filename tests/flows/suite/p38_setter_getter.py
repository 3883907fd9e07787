import os
import sys


class Box:
    def set(self, v):
        self.v = v

    def get(self):
        return self.v


b = Box()
b.set(sys.argv[1])  # SOURCE p38
os.system(b.get())  # SINK command-injection p38
