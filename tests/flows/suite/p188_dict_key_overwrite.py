import os

d = {"c": input()}
d["c"] = "ls"
os.system(d["c"])
