def on_done():
    return "done"


def run(callback=None, other=None):
    return callback()


run(**{"callback": on_done})
