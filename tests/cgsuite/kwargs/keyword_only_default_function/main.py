def default_cb():
    return "default"


def custom_cb():
    return "custom"


def process(x, *, on_done=default_cb, on_error=None):
    if on_error is not None:
        on_error()
    return on_done()


process(1)
process(2, on_done=custom_cb, on_error=default_cb)
