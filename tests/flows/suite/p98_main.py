import sys

from p98a import tools as shell_tools
from p98b.tools import process

process(sys.argv[1])
shell_tools.process(sys.argv[2])  # SOURCE p98
