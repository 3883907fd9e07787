def keep(x):
    return x > 0


list(filter(lambda x: keep(x), [1, -1]))
list(map(lambda x: abs(x), [1, -1]))
