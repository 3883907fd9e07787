def fast():
    return 1


def slow():
    return 2


def pick(flag):
    return (fast if flag else slow)()


def either(cb=None):
    return (cb or slow)()


pick(True)
pick(False)
either()
either(fast)
