class Tag:
    def __init__(self, name):
        self.name = name

    def __call__(self, fn):
        def wrapped():
            return fn()

        return wrapped


@Tag("x")
def item():
    return 1


item()
