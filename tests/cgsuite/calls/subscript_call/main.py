def f():
    pass


def g():
    pass


registry = [f, g]
registry[0]()
registry[-1]()
