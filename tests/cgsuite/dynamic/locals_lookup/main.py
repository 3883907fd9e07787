def helper():
    pass


def run():
    f = helper
    locals()["f"]()


run()
