class Widget:
    def __init__(self):
        pass

    def draw(self):
        pass


def factory():
    return Widget


cls = factory()
w = cls()
w.draw()
