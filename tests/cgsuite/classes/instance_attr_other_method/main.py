def f():
    return 1


class Holder:
    def set(self):
        self.fn = f

    def use(self):
        return self.fn()


h = Holder()
h.set()
h.use()
