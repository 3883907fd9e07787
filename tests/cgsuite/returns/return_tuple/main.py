def first():
    pass


def second():
    pass


def both():
    return first, second


a, b = both()
a()
b()
