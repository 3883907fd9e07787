def f():
    pass


def g():
    pass


handlers = {"a": f, "b": g}
for key, fn in handlers.items():
    fn()
