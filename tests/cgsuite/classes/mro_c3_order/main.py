class X:
    def who(self):
        return "X"


class Y:
    def who(self):
        return "Y"


class A(X, Y):
    pass


class B(Y, X):
    def other(self):
        pass


class C(A):
    pass


C().who()
B().who()
B().other()
