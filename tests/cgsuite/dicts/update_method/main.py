def alpha():
    pass


def beta():
    pass


handlers = {"alpha": alpha}
handlers.update({"beta": beta})
handlers["beta"]()
handlers.update(gamma=alpha)
handlers["gamma"]()
