import asyncio


async def agen():
    yield 1
    yield 2


async def main():
    return [x async for x in agen()]


asyncio.run(main())
