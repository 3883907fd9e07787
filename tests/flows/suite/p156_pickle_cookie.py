import base64
import pickle

from flask import Flask, request

app = Flask(__name__)


@app.route("/profile")
def profile():
    raw = request.cookies.get("profile", "")  # SOURCE p156
    prefs = pickle.loads(base64.b64decode(raw))  # SINK unsafe-deserialization p156
    defaults = pickle.loads(base64.b64decode(b"gAN9cQAu"))
    return str(prefs) + str(defaults)
