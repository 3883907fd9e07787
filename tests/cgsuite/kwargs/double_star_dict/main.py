def cb():
    pass


def run(a, callback):
    callback()


opts = {"callback": cb}
run(1, **opts)
