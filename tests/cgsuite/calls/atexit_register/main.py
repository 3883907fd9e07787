import atexit


def goodbye():
    pass


atexit.register(goodbye)
