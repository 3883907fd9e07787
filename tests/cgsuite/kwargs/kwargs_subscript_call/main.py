def notify():
    return "sent"


def dispatch(**options):
    return options["handler"]()


dispatch(handler=notify, retries=3)
