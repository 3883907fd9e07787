import os
import shutil

shutil.rmtree(os.environ["TMPDIR"])  # SOURCE p69 # SINK path-injection p69
shutil.rmtree("/tmp/build")
