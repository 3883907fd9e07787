import os

line = ""
while not line:
    line = input()  # SOURCE p80
os.system(line)  # SINK command-injection p80
