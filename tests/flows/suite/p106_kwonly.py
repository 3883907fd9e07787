import os


def run(prefix, *, cmd="ls", verbose=False):
    if verbose:
        print("running")
    os.system(prefix + cmd)  # SINK command-injection p106


run("nice ", cmd=input())  # SOURCE p106
run("nice ")
run("nice ", verbose=input())
