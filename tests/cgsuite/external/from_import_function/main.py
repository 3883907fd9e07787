from os.path import basename


def name(p):
    return basename(p)


name("/a/b")
