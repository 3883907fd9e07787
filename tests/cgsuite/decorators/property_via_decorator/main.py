def checked(fn):
    def w(self):
        return fn(self)

    return w


class P:
    @property
    @checked
    def value(self):
        return 1


P().value
