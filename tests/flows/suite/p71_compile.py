import sys

code = compile(sys.argv[1], "<arg>", "exec")  # SOURCE p71 # SINK code-injection p71
