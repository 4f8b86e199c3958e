# Deprecated startup/shutdown events on FastAPI objects only.
import fastapi
from fastapi import APIRouter, FastAPI
from textual.app import App

app = FastAPI(on_startup=[lambda: None])  # expect: API003
api_router = APIRouter(on_shutdown=[])  # expect: API003
other = fastapi.FastAPI()


@app.on_event("startup")  # expect: API003
async def startup() -> None: ...


@api_router.on_event("shutdown")  # expect: API003
async def shutdown() -> None: ...


other.add_event_handler("startup", startup)  # expect: API003


class Viewer(App):
    def on_event(self, event: object) -> None:  # ok: API003
        pass


tui = Viewer()


@tui.on_event("startup")  # ok: API003
async def not_fastapi() -> None: ...


def build() -> FastAPI:
    local = FastAPI()
    local.add_event_handler("shutdown", shutdown)  # expect: API003
    return local
