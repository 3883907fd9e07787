def deco(fn):
    def wrapper(*a):
        return fn(*a)

    return wrapper


@deco
def work():
    return 1


work()
