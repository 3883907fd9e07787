import functools
import os


def retry(times):
    def deco(f):
        @functools.wraps(f)
        def wrapper(*args, **kwargs):
            for _ in range(times):
                try:
                    return f(*args, **kwargs)
                except OSError:
                    pass
            return None

        return wrapper

    return deco


@retry(3)
def run(label, cmd):
    print(label)
    return os.system(cmd)  # SINK command-injection p173


run("a", input())  # SOURCE p173
run(input(), "ls")
