import os

from flask import Flask, request, send_file

app = Flask(__name__)
BASE = "/srv/uploads"


@app.route("/download")
def download():
    name = request.args.get("file", "")  # SOURCE p113
    path = os.path.join(BASE, name)
    return send_file(path)  # SINK path-injection p113


@app.route("/download2")
def download2():
    name = request.args.get("file", "")
    path = os.path.join(BASE, os.path.basename(name))
    return send_file(path)
