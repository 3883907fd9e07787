def f():
    return 1


a = b = c = f
a()
b()
c()
