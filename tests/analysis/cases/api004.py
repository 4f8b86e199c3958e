# add_task given a call instead of a function.
from functools import partial

from fastapi import BackgroundTasks, FastAPI

app = FastAPI()


def send_email(to: str, subject: str = "") -> None: ...


def build_task() -> object: ...


@app.post("/users")
async def register(email: str, background_tasks: BackgroundTasks) -> None:
    background_tasks.add_task(send_email(email, subject="hi"))  # expect: API004
    background_tasks.add_task(send_email, email)  # ok: API004
    background_tasks.add_task(partial(send_email, email))  # ok: API004


@app.post("/local")
async def local_tasks(email: str) -> None:
    tasks = BackgroundTasks()
    tasks.add_task(send_email(email))  # expect: API004


class Scheduler:
    def add_task(self, task: object) -> None: ...


async def other_library(scheduler: Scheduler) -> None:
    scheduler.add_task(build_task())  # ok: API004
