import os


class Job:
    def __init__(self, cmd):
        self.cmd = cmd

    def run(self):
        self.cmd = "ls"
        os.system(self.cmd)


Job(input()).run()
