def walk(xs):
    it = iter(xs)
    first = next(it)
    return first, sorted(xs), any(xs), all(xs)


walk([2, 1])
