import os


class Runner:
    def __init__(self, cmd):
        self.cmd = cmd

    def run(self):
        self._log()
        self._exec()

    def _log(self):
        print("running", self.cmd)

    def _exec(self):
        os.system(self.cmd)  # SINK command-injection p178


safe = Runner("uptime")
safe.run()
user = Runner(input())  # SOURCE p178
user.run()
idle = Runner(os.environ["IDLE_CMD"])
idle._log()
