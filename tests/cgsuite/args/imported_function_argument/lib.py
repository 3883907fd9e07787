def hello():
    pass


def apply(fn):
    return fn()
