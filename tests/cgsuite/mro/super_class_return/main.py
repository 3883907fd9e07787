class A:
    def func(self):
        return self


class B(A):
    def func(self):
        return super().func()

    def other(self):
        pass


B().func().other()
