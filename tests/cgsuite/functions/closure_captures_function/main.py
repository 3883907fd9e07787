def log():
    pass


def wrap(fn):
    def run():
        fn()

    return run


wrap(log)()
