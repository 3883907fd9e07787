class Base:
    @classmethod
    def create(cls):
        return cls.build()

    @classmethod
    def build(cls):
        return "base"


class Child(Base):
    @classmethod
    def create(cls):
        return super().create()

    @classmethod
    def build(cls):
        return "child"


Child.create()
