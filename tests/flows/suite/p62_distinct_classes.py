import sys


class Upload:
    def __init__(self):
        self.path = sys.argv[1]


class Cache:
    def __init__(self):
        self.path = "/tmp/cache"

    def clear(self):
        open(self.path, "w").close()


Upload()
Cache().clear()
