import os
import sys

cmd = "echo"
for word in sys.argv[1:]:  # SOURCE p143
    cmd += " " + word
os.system(cmd)  # SINK command-injection p143

safe = "echo"
for word in ("a", "b"):
    safe += " " + word
os.system(safe)
