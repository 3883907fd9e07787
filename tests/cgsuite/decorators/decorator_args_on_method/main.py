def retry(times):
    def decorate(fn):
        def wrapper(*args, **kwargs):
            for _ in range(times):
                result = fn(*args, **kwargs)
            return result
        return wrapper
    return decorate


class Client:
    @retry(2)
    def fetch(self):
        return self.parse()

    def parse(self):
        return 1


Client().fetch()
