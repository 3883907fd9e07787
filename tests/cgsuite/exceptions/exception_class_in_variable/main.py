class Oops(Exception):
    def __init__(self, msg):
        super().__init__(msg)
        self.msg = msg

    def __str__(self):
        return "oops: " + self.msg


ERR = Oops


def fail():
    raise ERR("bad")


try:
    fail()
except Exception as e:
    str(e)
