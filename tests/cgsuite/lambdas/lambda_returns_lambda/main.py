def target():
    return 1


make = lambda: lambda: target()
make()()
