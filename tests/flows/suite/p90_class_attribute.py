import sys


class Settings:
    SCRIPT = sys.argv[1]  # SOURCE p90
    MODE = "fast"


exec(Settings.SCRIPT)  # SINK code-injection p90
exec(Settings.MODE)
