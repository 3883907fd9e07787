import os

CMD = None


def load():
    global CMD
    CMD = input()  # SOURCE p40


def run():
    os.system(CMD)  # SINK command-injection p40


load()
run()
