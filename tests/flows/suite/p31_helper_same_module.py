import os


def run(c):
    os.system(c)  # SINK command-injection p31


run(input())  # SOURCE p31
run("ls")
