import subprocess


class Command:
    def __init__(self, program):
        self.parts = [program]

    def add(self, part):
        self.parts.append(part)

    def render(self):
        return " ".join(self.parts)


c = Command("grep")
c.add(input())  # SOURCE p138
d = Command("ls")
d.add("-l")
subprocess.call(d.render(), shell=True)
subprocess.call(c.render(), shell=True)  # SINK command-injection p138
e = Command(input())  # SOURCE p138b
subprocess.call(e.render(), shell=True)  # SINK command-injection p138b
