def on_start():
    pass


def on_stop():
    pass


events = {"start": on_start, "stop": on_stop}


def dispatch(name):
    events[name]()


for key in ("start", "stop"):
    dispatch(key)
