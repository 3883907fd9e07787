import os

ALLOWED = {"ls", "pwd", "whoami"}

cmd = input()
if cmd in ALLOWED:
    os.system(cmd)

mode = input()
if mode not in ("fast", "slow"):
    raise SystemExit("bad mode")
os.system("run --" + mode)

name = input()  # SOURCE p99
if name == "admin":
    os.system("echo hello admin")
os.system("echo " + name)  # SINK command-injection p99
