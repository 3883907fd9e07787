def f():
    pass


def g():
    pass


d = {"f": f, "g": g}
d["f"]()
d["g"]()
