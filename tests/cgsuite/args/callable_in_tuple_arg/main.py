def x():
    pass


def y():
    pass


def run(pair):
    pair[0]()
    pair[1]()


run((x, y))
