import os
import sys


class Job:
    def __init__(self, cmd):
        self.cmd = "echo start"
        self.cmd = cmd

    def run(self):
        os.system(self.cmd)  # SINK command-injection p184a


class Task:
    def __init__(self, cmd):
        self.cmd = cmd
        self.log()
        self.cmd = "echo done"

    def log(self):
        os.system(self.cmd)  # SINK command-injection p184b


class Step:
    def __init__(self, cmd):
        try:
            self.cmd = cmd
            self.cmd = {"a": "ls"}[cmd]
        except KeyError:
            os.system(self.cmd)  # SINK command-injection p184c


Job(input()).run()  # SOURCE p184a
Task(sys.argv[1])  # SOURCE p184b
Step(sys.argv[2])  # SOURCE p184c

d = {}
d["c"] = "ls"
d["c"] = os.environ["CMD"]  # SOURCE p184d
os.system(d["c"])  # SINK command-injection p184d

e = {}
e["c"] = os.environ["E"]  # SOURCE p184e
os.system(e["c"])  # SINK command-injection p184e
e["c"] = "ls"

k = {}
k["c"] = os.environ["K"]  # SOURCE p184f
alias = k
k["c"] = "ls"
os.system(alias["c"])  # SINK command-injection p184f
