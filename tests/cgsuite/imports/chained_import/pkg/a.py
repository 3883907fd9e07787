from pkg import b


def run():
    b.helper()
