from ...util import shared
from ... import util
from .. import sibling


def work():
    shared()
    util.shared()
    return sibling.near()
