def trace(fn):
    def wrapper(self):
        return fn(self)

    return wrapper


class Job:
    @trace
    def run(self):
        return self.step()

    def step(self):
        return 1


Job().run()
