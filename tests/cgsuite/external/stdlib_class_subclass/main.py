import collections


class MyDict(collections.UserDict):
    def extra(self):
        return len(self)


MyDict().extra()
