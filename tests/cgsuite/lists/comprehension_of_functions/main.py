def square(x):
    return x * x


def cube(x):
    return x * x * x


results = [f(3) for f in [square, cube]]
