def f():
    return 1


def call_named(**fns):
    fns["cb"]()


call_named(cb=f)
