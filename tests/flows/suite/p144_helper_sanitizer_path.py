import os

from flask import Flask, request, send_file

app = Flask(__name__)
BASE = "/srv/files"


def safe_name(name):
    return os.path.basename(name)


@app.route("/get")
def get():
    name = request.args.get("name", "")
    return send_file(os.path.join(BASE, safe_name(name)))


@app.route("/raw")
def raw():
    name = request.args.get("name", "")  # SOURCE p144
    return send_file(os.path.realpath(os.path.join(BASE, name)))  # SINK path-injection p144
