import os
import sys

COMMANDS = {"list": "ls -l", "user": sys.argv[1]}  # SOURCE p151
CACHE = {"last": "ls"}


def run():
    os.system(COMMANDS["list"])
    os.system(COMMANDS.get("user"))  # SINK command-injection p151


def remember(cmd):
    CACHE["last"] = cmd


def replay():
    os.system(CACHE["last"])  # SINK command-injection p151b


run()
remember(input())  # SOURCE p151b
replay()
