def foo():
    pass


def bar():
    pass


d = dict(foo=foo, bar=bar)
d["foo"]()
e = dict([("bar", bar)])
e["bar"]()
