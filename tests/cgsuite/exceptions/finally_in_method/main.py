class Resource:
    def open(self):
        return 1

    def close(self):
        return 2

    def use(self):
        self.open()
        try:
            return risky()
        finally:
            self.close()


def risky():
    raise ValueError("x")


r = Resource()
try:
    r.use()
except ValueError:
    pass
