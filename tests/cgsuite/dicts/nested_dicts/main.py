def read():
    pass


def write():
    pass


registry = {"io": {"read": read, "write": write}}
registry["io"]["read"]()
inner = registry["io"]
inner["write"]()
