import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/batch", methods=["POST"])
def batch():
    data = request.get_json()  # SOURCE p154
    for item in data.get("items", []):
        os.system("touch " + item["name"])  # SINK command-injection p154
    payload = request.json  # SOURCE p154b
    os.system(payload["cmd"])  # SINK command-injection p154b
    return "ok"
