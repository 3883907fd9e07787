import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/fetch", methods=["POST"])
def fetch():
    data = request.get_json()  # SOURCE p56
    return requests.get(data["url"]).text  # SINK ssrf p56
