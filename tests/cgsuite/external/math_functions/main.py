import math
from math import sqrt


def hyp(a, b):
    return sqrt(math.pow(a, 2) + math.pow(b, 2))


hyp(3, 4)
