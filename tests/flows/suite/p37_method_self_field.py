import os


class Job:
    def __init__(self, c):
        self.c = c

    def go(self):
        os.system(self.c)  # SINK command-injection p37


Job(input()).go()  # SOURCE p37
