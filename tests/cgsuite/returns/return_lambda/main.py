def make():
    return lambda x: x + 1


inc = make()
inc(1)
