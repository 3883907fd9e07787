import os
import subprocess

os.system("ls -l")
cmd = "echo hi"
subprocess.run(cmd, shell=True)
eval("1 + 2")
