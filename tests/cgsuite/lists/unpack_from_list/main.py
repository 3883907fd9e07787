def left():
    pass


def right():
    pass


pair = [left, right]
l, r = pair
l()
r()
head, *rest = [right, left, left]
head()
rest[0]()
