import sys
import urllib.request

page = urllib.request.urlopen("http://internal/" + sys.argv[1])  # SOURCE p25 # SINK ssrf p25
