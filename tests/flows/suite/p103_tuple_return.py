import os


def read_pair():
    return input(), "safe"  # SOURCE p103


cmd, label = read_pair()
os.system(cmd)  # SINK command-injection p103
os.system(label)
