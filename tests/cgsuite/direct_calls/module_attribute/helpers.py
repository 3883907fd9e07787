def compute():
    pass


class Thing:
    def use(self):
        pass
