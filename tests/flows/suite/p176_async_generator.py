import asyncio
import os
import sys


async def lines():
    for line in sys.stdin:  # SOURCE p176
        yield line.strip()


async def main():
    async for cmd in lines():
        os.system(cmd)  # SINK command-injection p176
    async for n in numbers():
        os.system("sleep %d" % n)


async def numbers():
    for line in sys.stdin:
        yield int(line)


asyncio.run(main())
