def make():
    pass


registry = {}
registry.setdefault("make", make)
registry["make"]()
