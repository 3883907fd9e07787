def real():
    pass


a = b = real
a()
b()
