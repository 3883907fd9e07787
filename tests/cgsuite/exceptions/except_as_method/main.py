class AppError(Exception):
    def code(self):
        return 3


def fail():
    raise AppError()


try:
    fail()
except AppError as e:
    e.code()
