def f():
    pass


def run(callback, /):
    callback()


run(f)
