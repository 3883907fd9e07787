class Thing:
    def __init__(self):
        self.a = 1


def describe(t):
    return vars(t), dir(t)


describe(Thing())
