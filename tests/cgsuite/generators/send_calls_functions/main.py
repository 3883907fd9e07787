def record(x):
    return x


def finish():
    return "done"


def collector():
    total = 0
    while True:
        item = yield total
        if item is None:
            break
        total += record(item)
    finish()
    yield total


gen = collector()
next(gen)
gen.send(1)
gen.send(2)
gen.send(None)
