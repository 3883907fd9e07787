def make(n):
    return n


def use():
    return [make(i) for i in range(3)]


use()
