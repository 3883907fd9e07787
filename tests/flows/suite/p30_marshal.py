import marshal
import sys

code = marshal.loads(sys.stdin.buffer.read())  # SOURCE p30 # SINK unsafe-deserialization p30
