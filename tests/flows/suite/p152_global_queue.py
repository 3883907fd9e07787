import subprocess

from flask import Flask, request

app = Flask(__name__)
JOBS = []


@app.route("/enqueue", methods=["POST"])
def enqueue():
    JOBS.append(request.form["cmd"])  # SOURCE p152
    return "queued"


def worker():
    while JOBS:
        job = JOBS.pop(0)
        subprocess.run(job, shell=True)  # SINK command-injection p152
