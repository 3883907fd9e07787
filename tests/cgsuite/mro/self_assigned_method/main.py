class Base:
    def __init__(self):
        self.action = self.run

    def run(self):
        pass


class Child(Base):
    def run(self):
        pass


c = Child()
c.action()
