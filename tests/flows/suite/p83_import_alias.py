import subprocess as sp
import sys

out = sp.check_output("grep -r " + sys.argv[1] + " .", shell=True)  # SOURCE p83 # SINK command-injection p83
