def f(a, b):
    return g(a)


def g(x):
    return x


h = f
h(1, "two")
