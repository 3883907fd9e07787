def start():
    pass


def stop():
    pass


actions = {"start": lambda: start(), "stop": lambda: stop()}
actions["start"]()
actions["stop"]()
