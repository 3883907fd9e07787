def handler():
    pass


def run(**kwargs):
    kwargs["fn"]()


run(fn=handler)
