class ParseError(Exception):
    def __init__(self, text):
        super().__init__(text)
        self.text = text

    def describe(self):
        return "bad: " + self.text


def parse(text):
    try:
        return int(text)
    except ValueError as exc:
        raise ParseError(text) from exc


try:
    parse("x")
except ParseError as err:
    err.describe()
