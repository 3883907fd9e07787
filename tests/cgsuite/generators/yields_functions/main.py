def one():
    pass


def two():
    pass


def gen():
    yield one
    yield two


for fn in gen():
    fn()
