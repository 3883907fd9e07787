def f():
    return 1


def g():
    return 2


def producer():
    yield f
    yield g


for fn in producer():
    fn()
