def f(x):
    return x


def run():
    return [(lambda y: f(y))(i) for i in range(2)]


run()
