import os
import sys


def read_lines():
    for line in sys.stdin:  # SOURCE p162
        yield line


def cleaned(lines):
    for line in lines:
        yield line.strip()


def as_numbers(lines):
    for line in lines:
        yield int(line)


for cmd in cleaned(read_lines()):
    os.system(cmd)  # SINK command-injection p162

for pid in as_numbers(read_lines()):
    os.system("kill %d" % pid)
