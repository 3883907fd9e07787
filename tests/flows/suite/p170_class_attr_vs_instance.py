import os

from p170conf import Defaults


class Tool:
    cmd = "ls"

    def __init__(self, cmd=None):
        if cmd:
            self.cmd = cmd

    @classmethod
    def configure(cls, cmd):
        cls.default = cmd


t = Tool(input())  # SOURCE p170
os.system(t.cmd)  # SINK command-injection p170
os.system(Tool.cmd)
Tool.configure(os.environ["TOOL"])  # SOURCE p170b
os.system(Tool.default)  # SINK command-injection p170b
os.system(Defaults.EDITOR)  # SINK command-injection p170c
os.system(Defaults.PAGER)
