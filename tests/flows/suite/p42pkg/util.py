import subprocess


def run(c):
    subprocess.call(c, shell=True)  # SINK command-injection p42


def run_safe(c):
    subprocess.call(["echo", c])
