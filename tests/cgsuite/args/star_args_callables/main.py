def first():
    return 1


def second():
    return 2


def run_all(*funcs):
    for f in funcs:
        f()


run_all(first, second)
