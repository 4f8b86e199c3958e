# print in route handlers.
from fastapi import APIRouter, FastAPI

app = FastAPI()
router = APIRouter()


@app.get("/health")
def health() -> dict[str, str]:
    print("health check")  # expect: LINT003
    return {"status": "ok"}


@router.post("/orders")
async def create_order() -> None:
    print("created")  # expect: LINT003

    def helper() -> None:
        print("inside a helper")  # ok: LINT003

    helper()


async def main() -> None:
    print("a script")  # ok: LINT003


@router.get("/shadow")
async def shadowed(print: object) -> None:
    print("not the builtin")  # ok: LINT003
