def validate(v):
    return v


class Counter:
    def __init__(self):
        self._n = 0

    @property
    def n(self):
        return self._n

    @n.setter
    def n(self, value):
        self._n = validate(value)


c = Counter()
c.n = 5
c.n += 1
print(c.n)
