def known():
    return 1


def fallback():
    return 0


handlers = {"known": known}
handlers.get("missing", fallback)()
handlers.get("known", fallback)()
