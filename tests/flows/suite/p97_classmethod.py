import os


class Cmd:
    def __init__(self, text):
        self.text = text

    @classmethod
    def from_user(cls):
        return cls(input())  # SOURCE p97

    def run(self):
        os.system(self.text)  # SINK command-injection p97


Cmd.from_user().run()
