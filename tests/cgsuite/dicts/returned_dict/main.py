def hello():
    return "hello"


def bye():
    return "bye"


def make_table():
    return {"hello": hello, "bye": bye}


t = make_table()
t["hello"]()
make_table()["bye"]()
