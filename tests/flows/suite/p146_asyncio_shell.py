import asyncio
import sys


async def main():
    proc = await asyncio.create_subprocess_shell("ls " + sys.argv[1])  # SOURCE p146 # SINK command-injection p146
    await proc.wait()


asyncio.run(main())
