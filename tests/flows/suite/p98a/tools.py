import os


def process(v):
    os.system("echo " + v)  # SINK command-injection p98
