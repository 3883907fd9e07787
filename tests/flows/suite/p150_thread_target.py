import os
import sys
import threading


def worker(cmd):
    os.system(cmd)  # SINK command-injection p150


t = threading.Thread(target=worker, args=(sys.argv[1],))  # SOURCE p150
t.start()
