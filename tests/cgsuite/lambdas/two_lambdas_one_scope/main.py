def f():
    pass


def g():
    pass


a = lambda: f()
b = lambda: g()
a()
b()
