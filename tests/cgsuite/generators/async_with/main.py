import asyncio


class Session:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False

    async def get(self):
        return 1


async def main():
    async with Session() as s:
        await s.get()


asyncio.run(main())
