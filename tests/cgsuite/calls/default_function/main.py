def f():
    return 1


def run(cb=f):
    return cb()


run()
