import os


def get():
    return input()  # SOURCE p32


os.system(get())  # SINK command-injection p32
