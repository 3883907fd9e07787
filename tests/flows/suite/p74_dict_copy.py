import os

env = dict(os.environ)  # SOURCE p74
os.system(env.get("EDITOR", "vi"))  # SINK command-injection p74
