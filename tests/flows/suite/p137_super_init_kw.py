import os


class Base:
    def __init__(self, path=None):
        self.path = path


class Upload(Base):
    def __init__(self, path, size):
        super().__init__(path=path)
        self.size = size

    def remove(self):
        os.remove(self.path)  # SINK path-injection p137


Upload(input(), 10).remove()  # SOURCE p137
