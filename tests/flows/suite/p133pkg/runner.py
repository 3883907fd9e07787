import os

from .validators import clean


def run_clean(arg):
    os.system("ls " + clean(arg))


def run_raw(arg):
    os.system("ls " + arg)  # SINK command-injection p133
