import os

msg = "echo {c}".format(c=input())  # SOURCE p75
os.system(msg)  # SINK command-injection p75
