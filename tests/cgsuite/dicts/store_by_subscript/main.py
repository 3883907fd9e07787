def first():
    return 1


def second():
    return 2


table = {}
table["a"] = first
table["b"] = second
table["a"]()
table["b"]()
