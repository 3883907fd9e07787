import sys

from p133pkg import runner

runner.run_clean(sys.argv[1])
runner.run_raw(sys.argv[2])  # SOURCE p133
