import os
import subprocess
import sys

user = sys.argv[1]
count = len(user)
os.system("echo %d" % count)
is_admin = user == "admin"
os.system("echo " + str(is_admin))
flag = user.startswith("-")
os.system("echo " + str(flag))
n = int(user)
subprocess.call("sleep " + str(n), shell=True)
os.system("echo %d" % user.count("a"))
