import os
import sys

from flask import Flask, abort, request

app = Flask(__name__)
ALLOWED = ("status", "uptime")

mode = sys.argv[1]
if mode not in ALLOWED:
    sys.exit(1)
os.system(mode)

name = sys.argv[2]  # SOURCE p166
if not name:
    sys.exit(1)
os.system("echo " + name)  # SINK command-injection p166


@app.route("/run")
def run():
    cmd = request.args.get("cmd", "")
    if cmd not in ALLOWED:
        abort(400)
    os.system(cmd)
    return "ok"
