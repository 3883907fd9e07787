def add(a, b):
    return a + b


def sub(a, b):
    return a - b


def table():
    return {"add": add, "sub": sub}


print(table()["add"](1, 2))
ops = table()
print(ops["sub"](3, 1))
