def a():
    return 1


def b():
    return 2


def callables():
    yield a
    yield b


for fn in callables():
    fn()
it = callables()
next(it)()
