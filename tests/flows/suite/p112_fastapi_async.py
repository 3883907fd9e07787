import asyncio
import subprocess

from fastapi import FastAPI

app = FastAPI()


async def normalise(host):
    await asyncio.sleep(0)
    return host.strip()


@app.get("/ping")
async def ping(host: str):  # SOURCE p112
    h = await normalise(host)
    out = subprocess.check_output("ping -c 1 " + h, shell=True)  # SINK command-injection p112
    return {"out": out.decode()}


@app.get("/status")
async def status():
    h = await normalise("localhost")
    return subprocess.check_output("ping -c 1 " + h, shell=True)
