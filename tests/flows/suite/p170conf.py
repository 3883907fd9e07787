import os


class Defaults:
    EDITOR = os.environ.get("EDITOR", "vi")  # SOURCE p170c
    PAGER = "less"
