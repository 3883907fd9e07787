import os

cmd = input()
cmd = "ls"
os.system(cmd)
