class Point:
    def __init__(self, x):
        self.x = x

    @classmethod
    def origin(cls):
        return cls(0)

    def show(self):
        return self.x


Point.origin().show()
