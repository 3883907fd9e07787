class Version:
    def __init__(self, n):
        self.n = n

    def __eq__(self, other):
        return self.n == other.n

    def __lt__(self, other):
        return self.n < other.n

    def __hash__(self):
        return self.n


class Bag:
    def __init__(self, items):
        self.items = items
        self.i = 0

    def __iter__(self):
        self.i = 0
        return self

    def __next__(self):
        if self.i >= len(self.items):
            raise StopIteration
        self.i += 1
        return self.items[self.i - 1]

    def __contains__(self, x):
        return x in self.items

    def __bool__(self):
        return bool(self.items)


vs = [Version(2), Version(1)]
sorted(vs)
Version(1) == Version(1)
bag = Bag(vs)
for v in bag:
    pass
if bag:
    pass
Version(3) in bag
