import os

ALLOWED = ("ls", "pwd")
cmd = input()
cmd = cmd if cmd in ALLOWED else "ls"
os.system(cmd)

mode = input()  # SOURCE p121
mode = mode if mode else "ls"
os.system(mode)  # SINK command-injection p121
