import subprocess


class Command:
    def __init__(self, program):
        self.parts = [program]

    def add(self, part):
        self.parts.append(part)

    def render(self):
        return " ".join(self.parts)


c = Command("grep")
c.add(input())  # SOURCE p124
subprocess.call(c.render(), shell=True)  # SINK command-injection p124
