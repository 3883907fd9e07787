class K:
    def run(self):
        pass


def f():
    pass


d = {K(): f}
for k in d.keys():
    k.run()
for v in d.values():
    v()
