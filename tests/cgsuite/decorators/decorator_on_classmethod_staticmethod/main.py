def logged(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


class Repo:
    @classmethod
    @logged
    def create(cls):
        return cls.helper()

    @staticmethod
    @logged
    def helper():
        return 1


Repo.create()
