def f():
    return 1


def g():
    return 2


a, b = f, g
a()
b()
