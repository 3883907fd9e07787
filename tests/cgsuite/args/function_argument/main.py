def callback():
    pass


def caller(fn):
    fn()


caller(callback)
