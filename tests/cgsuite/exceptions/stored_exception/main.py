class E(Exception):
    def info(self):
        return 1


saved = None
try:
    raise E()
except E as err:
    saved = err
saved.info()
