class Handler:
    def __call__(self, x):
        return self.process(x)

    def process(self, x):
        return x


class Server:
    def __init__(self):
        self.handler = Handler()

    def serve(self):
        return self.handler(1)


Server().serve()
