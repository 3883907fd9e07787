class Greeter:
    def hi(self):
        pass


def method_of(obj):
    return obj.hi


method_of(Greeter())()
