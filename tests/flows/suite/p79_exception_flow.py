import os

try:
    cmd = input()  # SOURCE p79
except EOFError:
    cmd = "true"
os.system(cmd)  # SINK command-injection p79
