def base():
    return 1


def make(fn=lambda: base()):
    return fn()


def twice(x, g=lambda v: make() + v):
    return g(x)


twice(1)
