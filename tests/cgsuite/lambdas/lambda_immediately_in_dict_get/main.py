def fallback():
    return 0


def known():
    return 1


actions = {"k": known}
actions.get("missing", lambda: fallback())()
actions.get("k", fallback)()
