import os

import p44conf

os.system("auth " + p44conf.TOKEN)  # SINK command-injection p44
os.system("ls " + p44conf.HOME)
