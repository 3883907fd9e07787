class Res:
    def __enter__(self):
        self.open()
        return self

    def __exit__(self, *a):
        self.close()

    def open(self):
        pass

    def close(self):
        pass


with Res():
    pass
