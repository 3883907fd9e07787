import os

name = os.getenv("NAME")  # SOURCE p04
os.popen(f"echo {name}")  # SINK command-injection p04
