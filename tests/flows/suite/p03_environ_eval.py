import os

code = os.environ["CODE"]  # SOURCE p03
result = eval(code)  # SINK code-injection p03
