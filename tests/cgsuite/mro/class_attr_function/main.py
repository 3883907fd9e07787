def helper(self):
    return 1


def other(self):
    return 2


class Base:
    method = helper


class Child(Base):
    pass


class Grand(Child):
    method = other


Child().method()
Grand().method()
