class A:
    @classmethod
    def make(cls):
        return cls.build()

    @staticmethod
    def build():
        return "A"


class B(A):
    @classmethod
    def make(cls):
        return super().make()

    @staticmethod
    def build():
        return "B"


B.make()
