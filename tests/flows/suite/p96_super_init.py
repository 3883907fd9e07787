import os


class Base:
    def __init__(self, path):
        self.path = path


class Report(Base):
    def __init__(self, path, title):
        super().__init__(path)
        self.title = title

    def delete(self):
        os.remove(self.path)  # SINK path-injection p96

    def show(self):
        os.system("echo " + self.title)


Report(input(), "report").delete()  # SOURCE p96
Report("/tmp/r", "x").show()
