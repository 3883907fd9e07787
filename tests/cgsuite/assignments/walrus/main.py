def f():
    return 3


def g(x):
    return x


if (fn := f) is not None:
    g(fn())
