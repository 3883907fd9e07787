def impl():
    pass


class Holder:
    pass


h = Holder()
setattr(h, "action", impl)
h.action()
