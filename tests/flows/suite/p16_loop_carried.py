import os
import sys

acc = "echo"
for part in sys.argv[1:]:  # SOURCE p16
    acc = acc + " " + part
os.system(acc)  # SINK command-injection p16
