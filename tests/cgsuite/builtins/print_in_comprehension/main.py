def show_all(xs):
    return [print(x) for x in xs]


show_all([1, 2])
