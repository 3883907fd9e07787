import os
import sys

parts = []
for a in sys.argv[1:]:  # SOURCE p129
    parts.append(a)
os.system(" ".join(parts))  # SINK command-injection p129

fixed = []
for a in ("-l", "-a"):
    fixed.append(a)
os.system("ls " + " ".join(fixed))
