import os

s = input().strip().lower()  # SOURCE p27
parts = s.split(",")
os.system(" ".join(parts))  # SINK command-injection p27
