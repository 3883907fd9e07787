__all__ = ["public"]


def public():
    return _private()


def _private():
    return 1
