def compute(x):
    return x


class Worker:
    def run(self):
        fn = lambda x: compute(x)
        return list(map(fn, [1, 2]))


Worker().run()
