import html
import os

s = html.escape(input())  # SOURCE p77
os.system("echo " + s)  # SINK command-injection p77
