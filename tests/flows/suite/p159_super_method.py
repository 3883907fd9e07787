import os


class Runner:
    def run(self, cmd):
        os.system(cmd)  # SINK command-injection p159


class LoggingRunner(Runner):
    def run(self, cmd):
        print("running", cmd)
        super().run(cmd)


LoggingRunner().run(input())  # SOURCE p159
