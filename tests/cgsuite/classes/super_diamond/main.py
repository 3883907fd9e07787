class Base:
    def __init__(self):
        pass


class Left(Base):
    def __init__(self):
        super().__init__()


class Right(Base):
    def __init__(self):
        super().__init__()


class Child(Left, Right):
    def __init__(self):
        super().__init__()


Child()
Left()
Right()
