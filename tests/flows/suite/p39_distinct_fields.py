import os


class Conn:
    def __init__(self):
        self.name = input()
        self.mode = "r"

    def show(self):
        os.system("echo " + self.mode)


Conn().show()
