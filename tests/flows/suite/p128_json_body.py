import json
import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/hook", methods=["POST"])
def hook():
    data = json.loads(request.data)  # SOURCE p128
    cmd = data["cmd"]
    return os.popen(cmd).read()  # SINK command-injection p128
