def f():
    pass


def g():
    pass


stack = [f, g]
stack.pop()()
stack.pop()()
