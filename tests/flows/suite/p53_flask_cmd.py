import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host")  # SOURCE p53
    os.system("ping -c 1 " + host)  # SINK command-injection p53
    return "ok"
