import subprocess
import sys

subprocess.run([sys.argv[1], "-l"])  # SOURCE p18 # SINK command-injection p18
