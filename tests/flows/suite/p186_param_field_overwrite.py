import os


class Job:
    def __init__(self, cmd):
        self.cmd = cmd


def run(job):
    job.cmd = "ls"
    os.system(job.cmd)


run(Job(input()))
