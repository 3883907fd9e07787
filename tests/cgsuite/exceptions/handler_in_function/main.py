class Oops(Exception):
    pass


def risky():
    raise Oops()


def recover():
    return 0


def run():
    try:
        risky()
    except Oops:
        return recover()


run()
