def stats(xs):
    return abs(min(xs)) + max(xs) + sum(xs) + round(1.5) + pow(2, 3) + divmod(7, 2)[0]


stats([1, -2])
