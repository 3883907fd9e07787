import sqlite3

from flask import Flask, request

app = Flask(__name__)


class Query:
    def __init__(self, sql):
        self.sql = sql

    @classmethod
    def by_name(cls, name):
        return cls("SELECT * FROM users WHERE name = '" + name + "'")


@app.route("/users")
def users():
    db = sqlite3.connect("app.db")
    q = Query.by_name(request.args["name"])  # SOURCE p142
    db.execute(q.sql)  # SINK sql-injection p142
    return "ok"
