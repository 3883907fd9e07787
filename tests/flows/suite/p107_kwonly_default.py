import os


def run(*, cmd=os.getenv("CMD")):  # SOURCE p107
    os.system(cmd)  # SINK command-injection p107


def run_safe(*, cmd="ls"):
    os.system(cmd)


run()
run_safe()
