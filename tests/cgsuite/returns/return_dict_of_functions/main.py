def start():
    return "start"


def stop():
    return "stop"


def commands():
    return {"start": start, "stop": stop}


table = commands()
table["start"]()
