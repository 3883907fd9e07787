def one():
    pass


def two():
    pass


def fallback():
    pass


d = {"one": one, "two": two}
d.get("one", fallback)()
d.get("missing", fallback)()
for fn in d.values():
    fn()
