class Root:
    def __init__(self):
        self.ready = True


class Left(Root):
    def __init__(self):
        super().__init__()


class Right(Root):
    def __init__(self):
        super().__init__()


class Leaf(Left, Right):
    def __init__(self):
        super().__init__()


Leaf()
