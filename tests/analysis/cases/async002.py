# time.sleep on the event loop, however imported.
import asyncio
import time
import time as clock
from contextlib import asynccontextmanager
from time import sleep
from time import sleep as pause

from fastapi import FastAPI


async def retry() -> None:
    time.sleep(1)  # expect: ASYNC002
    clock.sleep(0.5)  # expect: ASYNC002
    sleep(2)  # expect: ASYNC002
    pause(3)  # expect: ASYNC002
    await asyncio.sleep(1)  # ok: ASYNC002
    await asyncio.to_thread(time.sleep, 1)  # ok: ASYNC002


async def local_alias() -> None:
    sleep = asyncio.sleep
    await sleep(1)  # ok: ASYNC002


async def conditional_binding(flag: bool) -> None:
    if flag:
        nap = time.sleep
    else:
        nap = asyncio.sleep
    nap(1)  # ok: ASYNC002


async def global_statement() -> None:
    global sleep
    sleep(1)  # expect: ASYNC002


@asynccontextmanager
async def lifespan(app: FastAPI):
    time.sleep(1)  # expect: ASYNC002
    yield


app = FastAPI(lifespan=lifespan)


def sync_function() -> None:
    time.sleep(1)  # ok: ASYNC002


async def walrus_shadow() -> None:
    if (sleep := asyncio.sleep) is not None:
        await sleep(1)  # ok: ASYNC002
