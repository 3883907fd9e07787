import pickle
import sys

blob = sys.stdin.buffer.read()  # SOURCE p22
obj = pickle.loads(blob)  # SINK unsafe-deserialization p22
