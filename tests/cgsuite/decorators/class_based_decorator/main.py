class Counted:
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, *a):
        return self.fn(*a)


@Counted
def act():
    return 1


act()
