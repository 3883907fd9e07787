import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/proxy")
def proxy():
    url = request.args["url"]  # SOURCE p131
    r = requests.get(url, timeout=5)  # SINK ssrf p131
    s = requests.get("https://api.example.com/status", params={"q": url})
    return r.text + s.text
