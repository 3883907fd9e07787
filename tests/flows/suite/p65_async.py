import asyncio

import requests


async def fetch(u):
    return u


async def main():
    u = await fetch(input())  # SOURCE p65
    requests.post(u, data={})  # SINK ssrf p65


asyncio.run(main())
