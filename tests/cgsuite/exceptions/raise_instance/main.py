class MyError(Exception):
    def __init__(self, msg):
        super().__init__(msg)


def fail():
    raise MyError("x")


try:
    fail()
except MyError:
    pass
