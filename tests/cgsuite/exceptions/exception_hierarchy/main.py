class Base(Exception):
    def __init__(self):
        super().__init__()
        self.tag = self.label()

    def label(self):
        return "base"


class Child(Base):
    def label(self):
        return "child"


for cls in (Child, Base):
    try:
        raise cls()
    except Base as e:
        pass
