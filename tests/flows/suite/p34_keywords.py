import os


def run(cmd=None, other=None):
    os.system(cmd)  # SINK command-injection p34


run(other=input(), cmd="ls")
run(cmd=input())  # SOURCE p34
