class Lock:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def held(self):
        return True


class Txn:
    def __enter__(self):
        return Cursor()

    def __exit__(self, et, ev, tb):
        return False


class Cursor:
    def run(self):
        return 1


with Lock() as lk, Txn() as cur:
    lk.held()
    cur.run()
