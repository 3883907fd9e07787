def show(xs):
    print(len(xs))


show([1])
