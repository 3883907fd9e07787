class MyError(Exception):
    def describe(self):
        return "mine"


try:
    raise MyError()
except MyError as e:
    e.describe()
