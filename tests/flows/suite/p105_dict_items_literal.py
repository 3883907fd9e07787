import os

opts = {"host": input()}  # SOURCE p105
for key, val in opts.items():
    os.system("ping -c 1 " + val)  # SINK command-injection p105
    os.system("echo " + key)
