class A:
    def go(self):
        return 1


class B(A):
    def go(self):
        return 2


class C(B):
    def go(self):
        return super(B, self).go()


C().go()
