class Ops:
    def inc(self, x):
        return x + 1

    def dec(self, x):
        return x - 1


o = Ops()
table = {name: getattr(o, name) for name in ("inc", "dec")}
table["inc"](1)
table["dec"](1)
