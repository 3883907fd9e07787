class A:
    def act(self):
        return "a"


class B(A):
    def act(self):
        return "b"


def build():
    try:
        class Bad(A, B):
            pass
        return Bad().act()
    except TypeError:
        return B().act()


build()
