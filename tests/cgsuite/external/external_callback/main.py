import json


def default(o):
    return str(o)


class Thing:
    pass


json.dumps(Thing(), default=default)
