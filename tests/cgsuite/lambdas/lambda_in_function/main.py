def helper():
    return 1


def run():
    fn = lambda: helper()
    return fn()


run()
