def memo(fn):
    cache = {}

    def wrapper(x):
        if x not in cache:
            cache[x] = fn(x)
        return cache[x]

    return wrapper


@memo
def slow(x):
    return x


slow(1)
slow(1)
