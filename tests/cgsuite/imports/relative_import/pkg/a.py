from .b import helper
from . import c


def go():
    helper()
    c.other()
