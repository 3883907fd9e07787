import functools


def logged(fn):
    @functools.wraps(fn)
    def inner(*a, **k):
        return fn(*a, **k)

    return inner


@logged
def compute(x):
    return x


compute(1)
