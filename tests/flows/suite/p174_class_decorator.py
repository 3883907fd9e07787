import os


class Logged:
    def __init__(self, func):
        self.func = func

    def __call__(self, *args):
        print("calling", self.func.__name__)
        return self.func(*args)


@Logged
def remove(path):
    os.remove(path)  # SINK path-injection p174


remove(input())  # SOURCE p174
