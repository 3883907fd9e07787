import os

import p101conf

p101conf.CMD = input()  # SOURCE p101
os.system(p101conf.CMD)  # SINK command-injection p101
os.system(p101conf.SAFE)
