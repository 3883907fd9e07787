def parse_int(s):
    return int(s)


def parse_str(s):
    return s


class Parser:
    converters = {"int": parse_int, "str": parse_str}

    def __init__(self):
        self.extra = {}
        self.extra["str"] = parse_str

    def parse(self, kind, value):
        return self.converters[kind](value)

    def parse_extra(self, value):
        return self.extra["str"](value)


p = Parser()
p.parse("int", "4")
p.parse("str", "x")
p.parse_extra("x")
