import errors


def fail():
    raise errors.MyError()


try:
    fail()
except errors.MyError as e:
    e.describe()
