def a(fn):
    def wa():
        return fn()

    return wa


def b(fn):
    def wb():
        return fn()

    return wb


@a
@b
def core():
    return 1


core()
