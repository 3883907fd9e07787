handler = None


def dispatch():
    return handler()
