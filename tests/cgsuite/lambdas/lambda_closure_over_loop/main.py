def square(x):
    return x * x


def cube(x):
    return x * x * x


makers = [lambda v, f=f: f(v) for f in (square, cube)]
for m in makers:
    m(2)
