import os


def make_runner(cmd):
    def run():
        os.system(cmd)  # SINK command-injection p141

    return run


runner = make_runner(input())  # SOURCE p141
runner()
