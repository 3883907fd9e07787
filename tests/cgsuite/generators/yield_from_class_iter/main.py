class Bag:
    def __init__(self):
        self.items = [1, 2]

    def __iter__(self):
        for item in self.items:
            yield item


def walk(bag):
    yield from bag


for value in walk(Bag()):
    pass
