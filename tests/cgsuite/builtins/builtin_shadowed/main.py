def len(x):
    return 0


def use():
    return len([1, 2])


use()
