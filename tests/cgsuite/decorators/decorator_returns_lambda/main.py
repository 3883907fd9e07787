def deco(fn):
    return lambda: fn()


@deco
def target():
    pass


target()
