def added():
    pass


def register(table):
    table["new"] = added


t = {}
register(t)
t["new"]()
