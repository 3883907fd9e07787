def f():
    pass


def g():
    pass


d = {}
d.update({"a": f})
d.setdefault("b", g)
d["a"]()
d["b"]()
