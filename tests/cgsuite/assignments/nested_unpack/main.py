def f():
    pass


def g():
    pass


def h():
    pass


(a, (b, c)) = (f, (g, h))
a()
b()
c()
