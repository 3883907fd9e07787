import os


def local():
    return os.getcwd()


def run():
    return local()


run()
