import psycopg2
from flask import Flask, request

app = Flask(__name__)
conn = psycopg2.connect("dbname=app")


@app.route("/user")
def user():
    cur = conn.cursor()
    cur.execute("SELECT * FROM users WHERE id = %s", (request.args["id"],))
    return str(cur.fetchone())
