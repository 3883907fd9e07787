import os
import sys


def inner():
    yield from sys.argv[1:]  # SOURCE p95


def outer():
    yield from inner()


for a in outer():
    os.remove(a)  # SINK path-injection p95
