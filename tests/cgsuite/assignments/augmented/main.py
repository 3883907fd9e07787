class Acc:
    def __init__(self):
        self.n = 0

    def __iadd__(self, other):
        self.n += other
        return self


def step():
    return 2


acc = Acc()
acc += step()
acc += step()
