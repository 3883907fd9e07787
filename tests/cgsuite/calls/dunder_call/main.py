class Adder:
    def __call__(self, x):
        return self.add(x)

    def add(self, x):
        return x + 1


a = Adder()
a(1)
