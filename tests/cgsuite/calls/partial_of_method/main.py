import functools


class Greeter:
    def greet(self, greeting, name):
        return self.fmt(greeting + " " + name)

    def fmt(self, s):
        return s.upper()


g = Greeter()
hello = functools.partial(g.greet, "hello")
hello("bob")
unbound = functools.partial(Greeter.fmt, g)
unbound("x")
