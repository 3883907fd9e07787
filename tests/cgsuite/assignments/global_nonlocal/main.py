handler = None


def f():
    return 1


def install():
    global handler
    handler = f


def outer():
    fn = None

    def set_it():
        nonlocal fn
        fn = f

    set_it()
    return fn()


install()
handler()
outer()
