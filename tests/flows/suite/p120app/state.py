CURRENT = "ls"


def set_current(value):
    global CURRENT
    CURRENT = value
