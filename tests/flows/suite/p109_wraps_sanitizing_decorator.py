import functools
import os
import shlex


def quoted(f):
    @functools.wraps(f)
    def wrapper(arg):
        return f(shlex.quote(arg))

    return wrapper


@quoted
def run(arg):
    os.system("ls " + arg)


run(input())
