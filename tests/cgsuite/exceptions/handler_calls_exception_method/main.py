class AppError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code

    def describe(self):
        return "error %d" % self.code


class NotFound(AppError):
    def describe(self):
        return "not found"


def lookup(key):
    if key == "missing":
        raise NotFound(404)
    raise AppError(500)


def handle(key):
    try:
        lookup(key)
    except AppError as err:
        return err.describe()


handle("missing")
handle("other")
