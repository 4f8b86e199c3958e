# API006: ORJSONResponse / UJSONResponse, one finding per import or use line.
import fastapi.responses
from fastapi import FastAPI, responses
from fastapi.responses import JSONResponse, ORJSONResponse  # expect: API006
from fastapi.responses import UJSONResponse as Fast  # expect: API006

app = FastAPI(default_response_class=ORJSONResponse)  # expect: API006
other = FastAPI(default_response_class=responses.UJSONResponse)  # expect: API006
third = fastapi.responses.ORJSONResponse  # expect: API006
both = [ORJSONResponse, Fast]  # expect: API006
plain = JSONResponse  # ok: API006


@app.get("/", response_class=Fast)  # expect: API006
async def index() -> dict[str, str]:
    return {}


def build(data: dict[str, str]) -> JSONResponse:
    return ORJSONResponse(data)  # expect: API006


def keyword(ORJSONResponse: int = 0) -> int:
    return ORJSONResponse  # ok: API006
