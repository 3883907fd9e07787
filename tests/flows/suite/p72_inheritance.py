import os


class Base:
    def __init__(self, c):
        self.cmd = c


class Child(Base):
    def run(self):
        os.system(self.cmd)  # SINK command-injection p72


Child(input()).run()  # SOURCE p72
