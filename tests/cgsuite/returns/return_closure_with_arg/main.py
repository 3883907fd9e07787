def show():
    pass


def adder(fn):
    def inner():
        return fn()

    return inner


h = adder(show)
h()
