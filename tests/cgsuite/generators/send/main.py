def echo():
    received = yield 0
    while received is not None:
        received = yield handle(received)


def handle(x):
    return x


g = echo()
next(g)
g.send(1)
g.send(2)
