def deco(fn):
    def w(*a):
        return fn(*a)

    return w


class Tool:
    @staticmethod
    @deco
    def use():
        return 1


Tool.use()
