class Outer:
    class Inner:
        def ping(self):
            return 1

    def make(self):
        return self.Inner()


Outer().make().ping()
