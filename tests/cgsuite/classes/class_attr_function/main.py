def helper():
    return 1


class Conf:
    action = staticmethod(helper)


Conf.action()
