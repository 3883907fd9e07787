import os

name = os.path.basename(input())
with open(os.path.join("/srv/files", name)) as f:
    print(f.read())
