def f():
    pass


def g():
    pass


for fn in (f,):
    fn()
for fn in {g}:
    fn()
