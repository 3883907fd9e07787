import functools


def add(a, b):
    return a + b


def make_adder(n):
    return functools.partial(add, n)


make_adder(1)(2)
