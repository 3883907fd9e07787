import os
import sys


class Holder:
    def set(self, v):
        self.v = v


h1 = Holder()
h1.set(sys.argv[1])  # SOURCE p87
h2 = Holder()
h2.set("pwd")
os.system(h2.v)
os.system(h1.v)  # SINK command-injection p87
