import os


class Base:
    def command(self):
        return "ls"

    def run(self):
        os.system(self.command())  # SINK command-injection p126


class User(Base):
    def __init__(self, c):
        self.c = c

    def command(self):
        return self.c


Base().run()
User(input()).run()  # SOURCE p126
