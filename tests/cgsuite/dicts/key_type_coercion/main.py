def by_int():
    pass


def by_true():
    pass


d = {1: by_int, True: by_true}
d[1.0]()
e = {1: by_int}
e[True]()
