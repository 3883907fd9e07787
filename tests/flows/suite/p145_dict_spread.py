import os

DEFAULTS = {"mode": "fast", "cmd": "ls"}
opts = {**DEFAULTS, "cmd": input()}  # SOURCE p145
os.system(opts["cmd"])  # SINK command-injection p145
os.system("run --" + opts["mode"])
