class User:
    def __init__(self, name):
        self.name = name

    def greet(self):
        return self.format()

    def format(self):
        return self.name
