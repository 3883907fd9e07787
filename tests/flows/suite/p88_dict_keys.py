import os

opts = {"safe": "ls -l", "user": input()}  # SOURCE p88
os.system(opts["safe"])
os.system(opts.get("safe", "ls"))
os.system(opts["user"])  # SINK command-injection p88
