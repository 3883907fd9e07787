def external_fn():
    pass


class Holder:
    def __init__(self):
        self.fn = external_fn

    def go(self):
        self.fn()


Holder().go()
