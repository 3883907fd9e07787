def key1(x):
    return -x


def key2(x):
    return x


def key3(x):
    return x


sorted([1, 2], key=key1)
min([1, 2], key=key2)
max([1, 2], key=key3)
