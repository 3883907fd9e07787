class Accumulator:
    def __init__(self):
        self.total = 0

    def add(self, x):
        self.total += x


def consumer(acc):
    while True:
        x = yield
        acc.add(x)


gen = consumer(Accumulator())
next(gen)
gen.send(1)
gen.send(2)
