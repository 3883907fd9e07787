import sys

USER = sys.argv[1]  # SOURCE p41


def greet():
    exec("print('hello " + USER + "')")  # SINK code-injection p41


greet()
