def join_all(xs):
    return ",".join(xs)


join_all(["a"])
