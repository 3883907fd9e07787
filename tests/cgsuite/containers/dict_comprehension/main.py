def f():
    return 1


def g():
    return 2


d = {fn.__name__: fn for fn in [f, g]}
for fn in d.values():
    fn()
