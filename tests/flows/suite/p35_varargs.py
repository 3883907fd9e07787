import os


def run(*args):
    os.system(args[0])  # SINK command-injection p35


run(input())  # SOURCE p35
