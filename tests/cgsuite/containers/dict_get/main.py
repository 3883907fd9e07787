def f():
    pass


def fallback():
    pass


d = {"a": f}
d.get("a")()
d.get("zzz", fallback)()
