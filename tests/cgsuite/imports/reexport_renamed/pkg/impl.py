def run():
    return helper()


def helper():
    return 1
