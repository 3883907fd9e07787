def weight(x):
    return x


def score(xs):
    return sum(weight(x) for x in xs)


score([1, 2])
any(weight(x) > 1 for x in [1, 2])
