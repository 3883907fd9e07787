class Base:
    def greet(self):
        return "base"


class Left(Base):
    pass


class Right:
    def greet(self):
        return "right"


class Both(Left, Right):
    pass


Both().greet()
