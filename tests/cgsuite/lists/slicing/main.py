def x1():
    pass


def x2():
    pass


def x3():
    pass


seq = [x1, x2, x3]
for f in seq[1:]:
    f()
seq[:1][0]()
