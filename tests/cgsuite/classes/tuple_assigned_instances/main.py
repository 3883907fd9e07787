class P:
    def go(self):
        pass


class Q:
    def go(self):
        pass


a, b = P(), Q()
a.go()
b.go()
