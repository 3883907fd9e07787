import os


def ident(x):
    return x


a = ident(input())  # SOURCE p33
b = ident("safe")
os.system(b)
os.system(a)  # SINK command-injection p33
