def weight(x):
    return -x


sorted([1, 2], key=lambda x: weight(x))
