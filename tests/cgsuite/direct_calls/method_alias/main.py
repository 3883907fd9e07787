class Counter:
    def tick(self):
        pass


c = Counter()
t = c.tick
t()
