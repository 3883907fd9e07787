def t1():
    pass


def t2():
    pass


tup = (t1, t2)
tup[1]()
stack = [t1, t2]
stack.pop()()
stack.pop()()
