class A:
    pass


def inspect_it(obj):
    return isinstance(obj, A), issubclass(A, object), hasattr(obj, "x"), callable(obj), id(obj)


inspect_it(A())
