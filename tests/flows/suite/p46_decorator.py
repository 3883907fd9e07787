import functools
import os


def logged(f):
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        return f(*args, **kwargs)

    return wrapper


@logged
def run(c):
    os.system(c)  # SINK command-injection p46


run(input())  # SOURCE p46
