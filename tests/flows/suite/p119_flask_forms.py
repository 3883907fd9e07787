import sqlite3
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/grep")
def grep():
    pattern = request.args.get("q", "")  # SOURCE p119
    subprocess.run("grep " + pattern + " /var/log/app.log", shell=True)  # SINK command-injection p119
    return "ok"


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]  # SOURCE p119b
    session = request.cookies.get("session")  # SOURCE p119c
    db = sqlite3.connect("app.db")
    db.execute("SELECT * FROM users WHERE name = '" + user + "'")  # SINK sql-injection p119b
    db.execute("SELECT * FROM sessions WHERE id = '%s'" % session)  # SINK sql-injection p119c
    db.execute("SELECT * FROM users WHERE name = ? AND s = ?", (user, session))
    return "ok"
