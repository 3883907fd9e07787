class Temp:
    def __init__(self):
        self._c = 1

    @property
    def f(self):
        return self.convert()

    def convert(self):
        return self._c * 2


Temp().f
