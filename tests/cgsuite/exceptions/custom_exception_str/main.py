class AppError(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code

    def __str__(self):
        return "error %d" % self.code


def fail():
    raise AppError(3)


def run():
    try:
        fail()
    except AppError as e:
        return str(e)


run()
