def target():
    pass


def inner(fn=None):
    fn()


def outer(**kwargs):
    inner(**kwargs)


outer(fn=target)
