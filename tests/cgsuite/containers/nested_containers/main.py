def f():
    pass


def g():
    pass


grid = [[f], {"x": (g,)}]
grid[0][0]()
grid[1]["x"][0]()
