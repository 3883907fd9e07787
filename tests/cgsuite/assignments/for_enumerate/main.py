def f():
    pass


def g():
    pass


for i, fn in enumerate([f, g]):
    fn()
