def double(x):
    return x * 2


def odd(x):
    return x % 2


list(map(double, [1, 2]))
list(filter(odd, [1, 2]))
