def f():
    pass


def run(*, callback):
    callback()


run(callback=f)
