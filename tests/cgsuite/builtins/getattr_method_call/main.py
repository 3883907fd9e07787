class Greeter:
    def hello(self):
        return "hello"

    def bye(self):
        return "bye"


g = Greeter()
getattr(g, "hello")()
method = getattr(g, "bye")
method()
