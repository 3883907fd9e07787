def hook():
    pass


def run(*, on_done):
    on_done()


run(on_done=hook)
