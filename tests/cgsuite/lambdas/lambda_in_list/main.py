def a():
    pass


def b():
    pass


fs = [lambda: a(), lambda: b()]
for f in fs:
    f()
