def f():
    pass


def g():
    pass


def h():
    pass


items = []
items.append(f)
items.extend([g])
items.insert(0, h)
for fn in items:
    fn()
