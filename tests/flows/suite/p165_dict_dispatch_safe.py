import os
import sys

COMMANDS = {"list": "ls -l", "disk": "df -h"}
action = input()
os.system(COMMANDS.get(action, "true"))
os.system(COMMANDS[action])


def run(a):
    table = {"up": "uptime", "who": "whoami"}
    os.system(table.get(a, "true"))
    os.system(COMMANDS.get(a, "true"))


run(sys.argv[1])
