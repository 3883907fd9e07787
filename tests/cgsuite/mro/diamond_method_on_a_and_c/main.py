class A:
    def ping(self):
        return "a"


class B(A):
    pass


class C(A):
    def ping(self):
        return "c"


class D(B, C):
    pass


D().ping()
