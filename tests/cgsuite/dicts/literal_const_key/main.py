def add(a, b):
    return a + b


def sub(a, b):
    return a - b


ops = {"add": add, "sub": sub}
ops["add"](1, 2)
ops["sub"](3, 1)
