import os

n = int(input("seconds: "))
os.system("sleep %d" % n)
