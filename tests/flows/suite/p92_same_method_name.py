import os


class SafeRunner:
    def run(self, c):
        os.system("echo safe")


class ShellRunner:
    def run(self, c):
        os.system(c)  # SINK command-injection p92


SafeRunner().run(input())
ShellRunner().run(input())  # SOURCE p92
