class Base:
    def __init__(self, cb):
        self.cb = cb

    def fire(self):
        return self.cb()


class Mid(Base):
    def __init__(self, cb):
        super().__init__(cb)


class Top(Mid):
    def __init__(self):
        super().__init__(self.on_fire)

    def on_fire(self):
        return "fired"


Top().fire()
