import subprocess

from fastapi import FastAPI

app = FastAPI()


@app.get("/run")
def run(cmd: str):  # SOURCE p60
    return subprocess.run(cmd, shell=True, capture_output=True).stdout  # SINK command-injection p60
