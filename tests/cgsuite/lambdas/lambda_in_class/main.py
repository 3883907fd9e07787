def tool():
    return 1


class Holder:
    action = lambda self: tool()


Holder().action()
