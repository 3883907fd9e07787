def add_one(x):
    return x + 1


def apply(fn, x):
    return fn(x)


apply(add_one, 1)
