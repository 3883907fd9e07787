class Ctx:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def run(self):
        return 1


with Ctx() as c:
    c.run()
