def square(x):
    return x * x


def total():
    return sum(square(i) for i in range(3))


total()
