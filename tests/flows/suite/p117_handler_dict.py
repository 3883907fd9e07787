import os
import sys


def do_list(arg):
    os.system("ls " + arg)  # SINK command-injection p117


def do_show(arg):
    print(arg)


HANDLERS = {"list": do_list, "show": do_show}
action, arg = sys.argv[1], sys.argv[2]  # SOURCE p117
HANDLERS[action](arg)
