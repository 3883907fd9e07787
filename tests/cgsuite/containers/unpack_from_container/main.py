def f():
    pass


def g():
    pass


pairs = [(1, f), (2, g)]
for n, fn in pairs:
    fn()
