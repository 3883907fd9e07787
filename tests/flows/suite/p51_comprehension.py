import os
import sys

cmds = [a.upper() for a in sys.argv[1:]]  # SOURCE p51
for c in cmds:
    os.system(c)  # SINK command-injection p51
