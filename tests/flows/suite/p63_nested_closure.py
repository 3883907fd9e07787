import os


def outer():
    cmd = input()  # SOURCE p63

    def inner():
        os.system(cmd)  # SINK command-injection p63

    inner()


outer()
