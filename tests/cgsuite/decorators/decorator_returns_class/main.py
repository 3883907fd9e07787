def as_class(fn):
    class Wrapped:
        def __init__(self, *args):
            self.value = fn(*args)

        def get(self):
            return self.value
    return Wrapped


@as_class
def compute(x):
    return x + 1


c = compute(1)
c.get()
