class Box:
    def open(self):
        pass


def opener():
    b = Box()
    return b.open


m = opener()
m()
