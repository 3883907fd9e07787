def target(a, b, c=None):
    return a


def inner(*args, **kwargs):
    return target(*args, **kwargs)


def outer(*args, **kwargs):
    return inner(*args, **kwargs)


def cb():
    return 1


outer(1, 2, c=cb)
def run(fn, *rest):
    return fn(*rest)


run(outer, cb, 2)
