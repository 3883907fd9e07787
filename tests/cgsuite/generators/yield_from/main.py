def inner():
    yield 1


def outer():
    yield from inner()


for x in outer():
    pass
