from helpers import tool as renamed

__all__ = ["public", "renamed"]


def public():
    return renamed()
