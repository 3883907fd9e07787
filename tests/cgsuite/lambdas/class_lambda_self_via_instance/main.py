def helper(x):
    return x * 2


class Box:
    double = lambda self, v: helper(v)
    name = staticmethod(lambda: "box")


b = Box()
b.double(3)
b.name()
