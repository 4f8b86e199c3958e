# What counts as a route: the receiver must be a FastAPI app or router.
import typer
from fastapi import FastAPI
from fastapi.routing import APIRouter as Router

from app.factory import create_app
from app.main import app as main_app

api = FastAPI()
v1 = Router(prefix="/v1")
users_router = make_router()
cli = typer.Typer()
app = typer.Typer()
legacy = create_app()


@api.get("/a")
def via_fastapi() -> None:
    print("a")  # expect: LINT003


@v1.api_route("/b", methods=["GET"])
def via_aliased_router() -> None:
    print("b")  # expect: LINT003


@users_router.websocket("/ws")
async def via_router_name(ws: object) -> None:
    print("ws")  # expect: LINT003


@main_app.get("/c")
def via_imported_app_not_named_like_one() -> None:
    print("c")  # ok: LINT003


@cli.command()
def typer_command() -> None:
    print("cli")  # ok: LINT003


@app.get("/d")
def typer_named_app() -> None:
    print("d")  # ok: LINT003


@legacy.get("/e")
def built_by_a_factory() -> None:
    print("e")  # ok: LINT003


def registered_later() -> None:
    print("f")  # expect: LINT003


api.add_api_route("/f", registered_later)
