def made():
    pass


def get():
    return made
