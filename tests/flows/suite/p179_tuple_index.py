import os

t = (input(), "ls")
os.system(t[1])
