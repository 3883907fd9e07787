def f():
    return 1


def call_all(*fns):
    for fn in fns:
        fn()


call_all(f)
