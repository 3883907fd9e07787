from flask import Flask

app = Flask(__name__)


@app.route("/files/<name>")
def files(name):  # SOURCE p57
    with open("/srv/files/" + name) as f:  # SINK path-injection p57
        return f.read()
