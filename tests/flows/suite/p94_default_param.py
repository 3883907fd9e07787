import os


def run(cmd=os.environ.get("CMD", "ls")):  # SOURCE p94
    os.system(cmd)  # SINK command-injection p94


def run_safe(cmd="ls"):
    os.system(cmd)


run()
run_safe()
