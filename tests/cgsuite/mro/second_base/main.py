class A:
    def foo(self):
        pass


class B:
    def bar(self):
        pass


class C(A, B):
    pass


c = C()
c.foo()
c.bar()
