import os

x = input()
x = int(x)
os.system("kill " + str(x))
