def even():
    pass


def odd():
    pass


def pick(n):
    if n % 2 == 0:
        return even
    return odd


pick(2)()
pick(3)()
