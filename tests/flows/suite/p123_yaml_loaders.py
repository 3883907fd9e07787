import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/config", methods=["POST"])
def config():
    body = request.get_data()  # SOURCE p123
    a = yaml.load(body, Loader=yaml.SafeLoader)
    b = yaml.safe_load(body)
    c = yaml.load(body, yaml.SafeLoader)
    d = yaml.load(body, Loader=yaml.Loader)  # SINK unsafe-deserialization p123
    e = yaml.unsafe_load(body)  # SINK unsafe-deserialization p123
    return str((a, b, c, d, e))
