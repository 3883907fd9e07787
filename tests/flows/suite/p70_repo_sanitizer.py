import os


def safe(x):
    return int(x)


os.system("kill %d" % safe(input()))
