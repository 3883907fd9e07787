def produce(i):
    return i * 10


def inner(n):
    for i in range(n):
        yield produce(i)


def outer():
    yield from inner(2)
    yield from inner(1)


for v in outer():
    print(v)
