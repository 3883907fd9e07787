def hidden():
    pass


globals()["hidden"]()
