import os
import sys


class Conf:
    def __init__(self, cmd):
        self.cmd = cmd
        self.line = self.shown
        self.cmd = "true"

    @property
    def shown(self):
        return self.cmd

    def run(self):
        os.system(self.line)  # SINK command-injection p185a


Conf(os.environ["C"]).run()  # SOURCE p185a

if len(sys.argv) > 2:
    t = (sys.argv[1], "ls")  # SOURCE p185b
else:
    t = ("ls", sys.argv[2])  # SOURCE p185c
os.system(t[1])  # SINK command-injection p185c
os.system(t[0])  # SINK command-injection p185b

if len(sys.argv) > 3:
    u = (sys.argv[3], "ls")
else:
    u = (os.environ["U"], "pwd")
os.system(u[1])

w = (input(), "ls")  # SOURCE p185d
w = w + ("df",)
os.system(w[2])  # SINK command-injection p185d
