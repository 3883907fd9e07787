def f():
    pass


def g():
    pass


for name, fn in zip(["a", "b"], [f, g]):
    fn()
