def extra(self):
    return helper()


def helper():
    return 1


def add_extra(cls):
    cls.extra = extra
    return cls


@add_extra
class Thing:
    pass


Thing().extra()
