def left():
    return "l"


def right():
    return "r"


a = left
b = right
a()
b()
