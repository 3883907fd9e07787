from flask import Flask, request

from .db import find_user, find_user_safe

app = Flask(__name__)


@app.route("/user")
def user():
    name = request.args.get("name")  # SOURCE p147
    return str(find_user(name)) + str(find_user_safe(name))
