class Checker:
    def ok(self, x):
        return x > 0

    def scale(self, x):
        return x * 2


c = Checker()
list(filter(c.ok, [1, -1, 2]))
list(map(c.scale, [1, 2]))
sorted([3, 1], key=c.scale)
