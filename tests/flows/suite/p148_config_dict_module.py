import os

from p148settings import SETTINGS

os.system(SETTINGS["build"])  # SINK command-injection p148
os.system(SETTINGS["clean"])
