class Low(Exception):
    pass


class High(Exception):
    pass


def low():
    raise Low()


def high():
    try:
        low()
    except Low as e:
        raise High() from e


try:
    high()
except High:
    pass
