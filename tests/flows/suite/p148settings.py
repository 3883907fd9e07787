import os

SETTINGS = {"build": os.environ.get("BUILD_CMD", "make"), "clean": "make clean"}  # SOURCE p148
