class A:
    def func(self):
        pass


class B:
    def func(self):
        pass


class C(A, B):
    def func(self):
        A.func(self)
        B.func(self)


C().func()
