def f():
    pass


def g():
    pass


x = f
x()
del x
x = g
x()
