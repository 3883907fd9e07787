class Node:
    def __init__(self):
        pass

    @classmethod
    def make(cls):
        return cls()

    def visit(self):
        pass


Node.make().visit()
