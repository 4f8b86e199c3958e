# Blocking file I/O on the event loop.
import io
import pathlib
from pathlib import Path

import aiofiles
import anyio
from aiofiles import open as aopen

BASE_DIR = Path(__file__).parent
TEMPLATES = BASE_DIR / "templates"


async def read_config(name: str, upload: Path) -> str:
    with open(name) as handle:  # expect: ASYNC003
        handle.read()
    io.open(name)  # expect: ASYNC003
    Path(name).read_text()  # expect: ASYNC003
    pathlib.Path(name).write_bytes(b"")  # expect: ASYNC003
    upload.write_text("x")  # expect: ASYNC003
    (TEMPLATES / name).read_text()  # expect: ASYNC003
    BASE_DIR.joinpath(name).open()  # expect: ASYNC003
    target = Path(name)
    target.read_bytes()  # expect: ASYNC003
    Path(name).exists()  # ok: ASYNC003
    Path(name).name.upper()  # ok: ASYNC003
    return ""


async def async_files(name: str) -> None:
    async with aiofiles.open(name) as handle:  # ok: ASYNC003
        await handle.read()  # ok: ASYNC003
    async with aopen(name) as handle:  # ok: ASYNC003
        await handle.read()
    await anyio.Path(name).read_text()  # ok: ASYNC003
    async with await anyio.open_file(name) as handle:  # ok: ASYNC003
        await handle.read()


async def shadowed(open: object, name: str) -> None:
    open(name)  # ok: ASYNC003


def sync_read(name: str) -> str:
    return Path(name).read_text()  # ok: ASYNC003
