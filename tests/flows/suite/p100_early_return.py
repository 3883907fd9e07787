import os


def handle(arg):
    if arg not in ["start", "stop"]:
        return
    os.system("service app " + arg)


def handle_bad(arg):
    if arg == "":
        return
    os.system("service app " + arg)  # SINK command-injection p100


handle(input())
handle_bad(input())  # SOURCE p100
