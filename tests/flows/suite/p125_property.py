import os


class Config:
    def __init__(self, raw):
        self._raw = raw

    @property
    def command(self):
        return self._raw.strip()


cfg = Config(os.environ["JOB"])  # SOURCE p125
os.system(cfg.command)  # SINK command-injection p125
