class Node:
    def child(self):
        return Leaf()


class Leaf:
    def value(self):
        return 1


def make():
    return Node()


make().child().value()
