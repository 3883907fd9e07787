def inner():
    pass


def provider():
    return inner
