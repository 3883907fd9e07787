def default_cb():
    pass


def other_cb():
    pass


def run(cb=default_cb):
    cb()


run()
run(other_cb)
