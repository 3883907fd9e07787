import os


def commands():
    yield "ls"
    yield "pwd"


for cmd in commands():
    os.system(cmd)
