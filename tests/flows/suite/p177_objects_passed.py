import os
import sys


class Job:
    def __init__(self, cmd):
        self.cmd = cmd


def run(job):
    os.system(job.cmd)  # SINK command-injection p177,p177b


def run_nightly(job):
    os.system(job.cmd)


user = Job(input())  # SOURCE p177
safe = Job("uptime")
run(safe)
run(user)
run_nightly(safe)
run_nightly(Job("df -h"))
run(Job(sys.argv[1]))  # SOURCE p177b
