def gen():
    yield 1
    yield 2


def consume():
    return list(gen())


consume()
