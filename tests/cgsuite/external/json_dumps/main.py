import json


def encode(x):
    return json.dumps(x)


encode({"a": 1})
