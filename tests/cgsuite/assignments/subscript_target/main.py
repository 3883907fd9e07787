def f():
    return 1


def g():
    return 2


table = {}
table["a"] = f
table["b"] = g
table["a"]()
table["b"]()
