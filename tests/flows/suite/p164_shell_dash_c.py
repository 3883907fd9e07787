import subprocess
import sys

cmd = sys.argv[1]  # SOURCE p164
subprocess.run(["bash", "-c", cmd])  # SINK command-injection p164
subprocess.run(["sh", "-c", "ls -l"])
subprocess.run(["grep", "-c", cmd, "log.txt"])
