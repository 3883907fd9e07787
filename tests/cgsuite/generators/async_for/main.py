import asyncio


class Ticker:
    def __init__(self):
        self.n = 2

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n


async def main():
    async for _ in Ticker():
        pass


asyncio.run(main())
