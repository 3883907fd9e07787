class Base(Exception):
    def __init__(self):
        super().__init__()
        self.tag = self.label()

    def label(self):
        return "base"


class Child(Base):
    def label(self):
        return "child"


try:
    raise Child()
except Base as e:
    pass
