def logged(fn):
    def wrapper(*args):
        return fn(*args)
    return wrapper


def counted(fn):
    def inner(*args):
        return fn(*args)
    return inner


class Service:
    @logged
    @counted
    def handle(self, x):
        return x

    @staticmethod
    @logged
    def helper(x):
        return x


svc = Service()
svc.handle(1)
Service.helper(2)
