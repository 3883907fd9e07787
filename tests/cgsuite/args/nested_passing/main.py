def work():
    pass


def level2(g):
    g()


def level1(f):
    level2(f)


level1(work)
