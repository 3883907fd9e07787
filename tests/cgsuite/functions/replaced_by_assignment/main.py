def original():
    return 1


def replacement():
    return original() + 1


def caller():
    return work()


def work():
    return 0


work = replacement
caller()
