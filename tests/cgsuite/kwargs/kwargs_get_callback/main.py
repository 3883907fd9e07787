def on_ok():
    pass


def on_err():
    pass


def run(**kw):
    kw.get("ok")()
    handler = kw["err"]
    handler()


run(err=on_err, ok=on_ok)
