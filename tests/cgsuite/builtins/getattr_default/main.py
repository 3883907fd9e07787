class Obj:
    def method(self):
        return 1


def fallback():
    return 0


o = Obj()
getattr(o, "method")()
getattr(o, "missing", fallback)()
