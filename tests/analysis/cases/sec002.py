# SEC002: CORS middleware with wildcard origins.
import os

import socketio
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware as StarletteCORS

from src.config import settings
from src.middleware import AuditMiddleware

app = FastAPI()
ORIGINS = ["https://shop.example.com", "*"]
SAFE = ["https://shop.example.com"]

app.add_middleware(CORSMiddleware, allow_origins=["*"])  # expect: SEC002
app.add_middleware(CORSMiddleware, allow_origins=("*",), allow_credentials=True)  # expect: SEC002
app.add_middleware(StarletteCORS, allow_origins=ORIGINS)  # expect: SEC002
app.add_middleware(CORSMiddleware, allow_origin_regex=".*")  # expect: SEC002
app.add_middleware(CORSMiddleware, allow_origin_regex=r"https?://.*")  # expect: SEC002
app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://.*\.example\.com")  # ok: SEC002
app.add_middleware(CORSMiddleware, allow_origins=SAFE)  # ok: SEC002
app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins)  # ok: SEC002
app.add_middleware(CORSMiddleware, allow_origins=os.getenv("ORIGINS", "*").split(","))  # ok: SEC002
app.add_middleware(AuditMiddleware, allow_origins=["*"])  # ok: SEC002
middleware = [Middleware(CORSMiddleware, allow_origins=["*"])]  # expect: SEC002
wrapped = CORSMiddleware(app, allow_origins=["*"])  # expect: SEC002
sio = socketio.AsyncServer(cors_allowed_origins="*")  # ok: SEC002

if settings.DEBUG:
    app.add_middleware(CORSMiddleware, allow_origins=["*"])  # expect: SEC002

app.add_middleware(
    CORSMiddleware,
    allow_origins=["*"],  # expect: SEC002
    allow_credentials=True,
)


def configure(target: FastAPI) -> None:
    origins = ["*"]
    target.add_middleware(CORSMiddleware, allow_origins=origins)  # expect: SEC002
    grown = ["https://shop.example.com"]
    grown += ["*"]
    target.add_middleware(CORSMiddleware, allow_origins=grown)  # ok: SEC002
