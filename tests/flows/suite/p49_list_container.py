import os

items = []
items.append(input())  # SOURCE p49
os.system(items[0])  # SINK command-injection p49
