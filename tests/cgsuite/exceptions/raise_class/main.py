class MyError(Exception):
    def __init__(self):
        super().__init__("boom")


def fail():
    raise MyError


try:
    fail()
except MyError:
    pass
