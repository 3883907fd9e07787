import os

TARGET = "localhost"


def configure():
    global TARGET
    TARGET = os.environ["TARGET"]  # SOURCE p89


configure()
os.system("ping " + TARGET)  # SINK command-injection p89
