import os

name = os.path.basename(input())  # SOURCE p21
os.system("cat " + name)  # SINK command-injection p21
