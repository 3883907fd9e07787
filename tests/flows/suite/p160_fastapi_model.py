import subprocess

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Job(BaseModel):
    name: str
    command: str


@app.post("/jobs")
async def create(job: Job):  # SOURCE p160
    subprocess.run(job.command, shell=True)  # SINK command-injection p160
    return {"ok": True}
