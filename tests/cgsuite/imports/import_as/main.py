import helpers as h
from helpers import util as u

h.util()
u()
