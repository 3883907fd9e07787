def f1():
    pass


def f2():
    pass


def both(first, second):
    first()
    second()


both(second=f2, first=f1)
