def f():
    return 1


class Box:
    pass


box = Box()
box.fn = f
box.fn()
