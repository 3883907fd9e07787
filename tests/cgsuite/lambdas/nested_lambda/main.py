def leaf():
    return 1


outer = lambda: (lambda: leaf())()
outer()
