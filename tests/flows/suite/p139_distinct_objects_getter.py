import os
import sys


class Holder:
    def set(self, v):
        self.v = v

    def get(self):
        return self.v


h1 = Holder()
h1.set(sys.argv[1])  # SOURCE p139
h2 = Holder()
h2.set("pwd")
os.system(h2.get())
os.system(h1.get())  # SINK command-injection p139
h3 = Holder()
h3.v = os.environ["CMD"]  # SOURCE p139b
os.system(h3.get())  # SINK command-injection p139b
