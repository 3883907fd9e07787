import os

from flask import Flask, abort, request

app = Flask(__name__)
BASE = "/srv/reports"


@app.route("/report")
def report():
    name = request.args.get("name", "")
    path = os.path.realpath(os.path.join(BASE, name))
    if not path.startswith(BASE + os.sep):
        abort(404)
    with open(path) as f:
        return f.read()


@app.route("/report2")
def report2():
    name = request.args.get("name", "")
    path = os.path.abspath(os.path.join(BASE, name))
    if path.startswith(BASE):
        return open(path).read()
    return "no"


@app.route("/report3")
def report3():
    name = request.args.get("name", "")  # SOURCE p168
    path = os.path.join(BASE, name)
    if path.startswith(BASE):
        return open(path).read()  # SINK path-injection p168
    return "no"


@app.route("/report4")
def report4():
    name = request.args.get("name", "")  # SOURCE p168b
    path = os.path.realpath(os.path.join(BASE, name))
    if path.startswith(BASE):
        os.system("cat " + path)  # SINK command-injection p168b
    return "no"
