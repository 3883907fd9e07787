from os import system as run_shell

run_shell("echo " + input())  # SOURCE p82 # SINK command-injection p82
