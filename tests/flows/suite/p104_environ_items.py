import os

for name, value in os.environ.items():  # SOURCE p104
    if name == "RUNME":
        os.system(value)  # SINK command-injection p104
        os.system("echo " + name)
