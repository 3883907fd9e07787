def make_default():
    return 1


def use(x=make_default()):
    return x


use()
