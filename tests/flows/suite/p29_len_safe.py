import os

n = len(input())
os.system("echo " + str(n))
