class A:
    def run(self):
        return 1


class B(A):
    def run(self):
        return super().run()


class C(B):
    def run(self):
        return super().run()


C().run()
