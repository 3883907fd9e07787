import os

from p120app import state


def run():
    os.system(state.CURRENT)  # SINK command-injection p120
