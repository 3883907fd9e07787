class A:
    def hello(self):
        return "A"


class B(A):
    pass


class C(A):
    def hello(self):
        return "C"


class D(B, C):
    pass


D().hello()
