class L0:
    def f(self):
        pass

    def g(self):
        pass


class L1(L0):
    def g(self):
        pass


class L2(L1):
    pass


class L3(L2):
    pass


obj = L3()
obj.f()
obj.g()
