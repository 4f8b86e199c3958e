# Blocking subprocess and OS calls on the event loop.
import asyncio
import os
import subprocess
from subprocess import check_output


async def run_tools() -> None:
    subprocess.run(["ls"])  # expect: ASYNC005
    check_output(["git", "status"])  # expect: ASYNC005
    os.system("true")  # expect: ASYNC005
    os.popen("ls")  # expect: ASYNC005
    os.waitpid(0, 0)  # expect: ASYNC005
    await asyncio.create_subprocess_exec("ls")  # ok: ASYNC005
    os.getcwd()  # ok: ASYNC005
    await asyncio.to_thread(subprocess.run, ["ls"])  # ok: ASYNC005


async def nested() -> None:
    def work() -> None:
        subprocess.run(["ls"])  # ok: ASYNC005

    await asyncio.to_thread(work)
