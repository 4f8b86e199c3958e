# Broad excepts that swallow errors in route handlers.
import contextlib
import logging

from fastapi import APIRouter, FastAPI, HTTPException
from fastapi.responses import JSONResponse

logger = logging.getLogger(__name__)
app = FastAPI()
router = APIRouter()


@app.get("/a")
async def swallow() -> dict[str, str]:
    try:
        await work()
    except Exception as exc:  # expect: API001
        return {"error": str(exc)}
    return {}


@router.post("/b")
def bare() -> None:
    try:
        work_sync()
    except:  # expect: API001
        logger.exception("failed")


@router.get("/c")
async def tuple_catch() -> None:
    try:
        await work()
    except (ValueError, BaseException):  # expect: API001
        pass


@router.get("/d")
async def reraises() -> None:
    try:
        await work()
    except Exception:  # ok: API001
        logger.exception("failed")
        raise


@router.get("/e")
async def translates() -> None:
    try:
        await work()
    except Exception as exc:  # ok: API001
        raise HTTPException(status_code=502, detail="upstream failed") from exc


@router.get("/f")
async def specific() -> None:
    try:
        await work()
    except ValueError:  # ok: API001
        pass


@router.get("/g")
async def server_error() -> JSONResponse:
    try:
        await work()
    except Exception:  # expect: API001
        return JSONResponse(status_code=500, content={"detail": "internal"})
    return JSONResponse(content={})


@router.get("/h")
async def nested_helper() -> None:
    def helper() -> None:
        try:
            work_sync()
        except Exception:  # ok: API001
            pass

    with contextlib.suppress(ValueError):
        helper()


async def not_a_route() -> None:
    try:
        await work()
    except Exception:  # ok: API001
        pass


@app.exception_handler(Exception)
async def handler(request: object, exc: Exception) -> JSONResponse:
    try:
        logger.error("boom")
    except Exception:  # ok: API001
        pass
    return JSONResponse(status_code=500, content={})


async def work() -> None: ...


def work_sync() -> None: ...
