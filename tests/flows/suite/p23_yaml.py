import sys

import yaml

data = sys.stdin.read()  # SOURCE p23
safe1 = yaml.load(data, Loader=yaml.SafeLoader)
safe2 = yaml.safe_load(data)
unsafe = yaml.load(data)  # SINK unsafe-deserialization p23
