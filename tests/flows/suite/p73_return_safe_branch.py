import os


def pick(x):
    return "ls" if x else "pwd"


os.system(pick(input()))
