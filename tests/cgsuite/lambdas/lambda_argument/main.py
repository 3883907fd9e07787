def apply(fn):
    return fn(1)


def inc(x):
    return x + 1


apply(lambda x: inc(x))
