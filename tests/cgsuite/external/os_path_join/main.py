import os.path


def build(a):
    return os.path.join(a, "b")


build("a")
