def m1():
    pass


def m2():
    pass


grid = [[m1], [m2]]
grid[0][0]()
grid[1][0]()
