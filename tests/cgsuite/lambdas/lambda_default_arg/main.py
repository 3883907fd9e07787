def base():
    return 1


def run(cb=lambda: base()):
    return cb()


run()
