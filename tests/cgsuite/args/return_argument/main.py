def payload():
    pass


def identity(x):
    return x


identity(payload)()
