class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        n = self.n
        while n > 0:
            yield n
            n -= 1


def total(items):
    return sum(list(items))


total(Countdown(3))
