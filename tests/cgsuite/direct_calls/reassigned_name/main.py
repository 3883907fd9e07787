def v1():
    pass


def v2():
    pass


f = v1
f()
f = v2
f()
