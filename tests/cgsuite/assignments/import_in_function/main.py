def run():
    import json
    from os import path
    return json.dumps(path.basename("/a/b"))


run()
