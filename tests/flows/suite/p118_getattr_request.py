import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    q = getattr(request, "args").get("q", "")  # SOURCE p118
    os.system(q)  # SINK command-injection p118
    return "ok"
