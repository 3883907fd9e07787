import os

from flask import Flask, request, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    f.save(os.path.join(UPLOADS, secure_filename(f.filename)))
    return "ok"


@app.route("/upload-raw", methods=["POST"])
def upload_raw():
    f = request.files["file"]  # SOURCE p155
    with open(os.path.join(UPLOADS, f.filename), "wb") as out:  # SINK path-injection p155
        out.write(f.read())
    return "ok"


@app.route("/files/<name>")
def files(name):  # SOURCE p155b
    return send_from_directory(UPLOADS, name)  # SINK path-injection p155b
