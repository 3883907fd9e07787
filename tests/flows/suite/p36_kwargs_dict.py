import os


def run(**kw):
    os.system(kw["cmd"])  # SINK command-injection p36


run(cmd=input())  # SOURCE p36
