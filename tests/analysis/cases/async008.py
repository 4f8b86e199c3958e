# Discarded asyncio tasks.
import asyncio
from asyncio import create_task

background: set[asyncio.Task[None]] = set()


async def work() -> None: ...


async def spawn(tg: asyncio.TaskGroup) -> None:
    asyncio.create_task(work())  # expect: ASYNC008
    create_task(work())  # expect: ASYNC008
    asyncio.ensure_future(work())  # expect: ASYNC008
    task = asyncio.create_task(work())  # ok: ASYNC008
    background.add(task)
    background.add(asyncio.create_task(work()))  # ok: ASYNC008
    tg.create_task(work())  # ok: ASYNC008
    await asyncio.create_task(work())  # ok: ASYNC008
