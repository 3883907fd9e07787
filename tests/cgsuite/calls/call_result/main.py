def inner():
    return 1


def outer():
    return inner


outer()()
