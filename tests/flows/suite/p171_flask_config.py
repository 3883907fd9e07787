import os
import subprocess

from flask import Flask

app = Flask(__name__)
app.config["BACKUP_CMD"] = os.environ["BACKUP_CMD"]  # SOURCE p171
app.config["STATUS_CMD"] = "uptime"


@app.route("/backup")
def backup():
    subprocess.run(app.config["BACKUP_CMD"], shell=True)  # SINK command-injection p171
    return "ok"
