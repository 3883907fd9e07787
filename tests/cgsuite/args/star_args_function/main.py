def one():
    pass


def two():
    pass


def run_each(*fns):
    for f in fns:
        f()


run_each(one, two)
