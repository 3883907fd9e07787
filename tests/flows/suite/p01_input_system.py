import os

cmd = input("command: ")  # SOURCE p01
os.system(cmd)  # SINK command-injection p01
