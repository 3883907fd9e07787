class MyError(Exception):
    def __init__(self):
        super().__init__("boom")

    def describe(self):
        pass
