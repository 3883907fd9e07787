class Base:
    def greet(self):
        pass


class Left(Base):
    def greet(self):
        pass


class Right(Base):
    def greet(self):
        pass


class Bottom(Left, Right):
    pass


Bottom().greet()
