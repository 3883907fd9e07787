class Bag:
    def __init__(self):
        self.items = [1, 2]

    def __iter__(self):
        for i in self.items:
            yield i


total = sum(Bag())
