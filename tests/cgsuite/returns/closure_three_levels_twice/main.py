def leaf():
    return 1


def outer():
    def middle():
        def inner():
            return leaf()
        return inner
    return middle


outer()()()
f = outer()
f()()
