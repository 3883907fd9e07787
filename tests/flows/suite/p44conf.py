import os

TOKEN = os.environ["TOKEN"]  # SOURCE p44
HOME = "/home/app"
