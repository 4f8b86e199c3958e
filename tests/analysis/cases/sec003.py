# SEC003: hard-coded JWT keys, disabled verification, decode without algorithms.
import jwt
from jose import jwt as jose_jwt

from src.config import settings

SECRET = "hard-coded"
PUBLIC_PEM = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"


def examples(token: str, extra: dict[str, object]) -> None:
    jwt.encode({"sub": "1"}, "secret", algorithm="HS256")  # expect: SEC003
    jwt.encode({"sub": "1"}, SECRET, algorithm="HS256")  # expect: SEC003
    jwt.encode({"sub": "1"}, key=b"bytes-secret")  # expect: SEC003
    jwt.decode(token, "secret", algorithms=["HS256"])  # expect: SEC003
    jwt.decode(token, options={"verify_signature": False})  # expect: SEC003
    jwt.decode(token, options=dict(verify_signature=False))  # expect: SEC003
    jwt.decode(token, settings.secret)  # expect: SEC003
    jwt.decode(token, settings.secret, algorithms=None)  # expect: SEC003
    jwt.decode(  # expect: SEC003
        token,
        settings.secret,
    )
    jwt.decode(token, settings.secret, algorithms=["HS256"])  # ok: SEC003
    jwt.decode(token, settings.secret, ["HS256"])  # ok: SEC003
    jwt.decode(token, PUBLIC_PEM, algorithms=["RS256"])  # ok: SEC003
    jwt.decode(token, key=settings.secret, algorithms=["HS256"], options={"verify_exp": True})  # ok: SEC003
    jwt.decode(token, settings.secret, **extra)  # ok: SEC003
    jwt.encode({"sub": "1"}, settings.secret, algorithm="HS256")  # ok: SEC003
    jose_jwt.decode(token, "secret")  # ok: SEC003
    jwt.get_unverified_header(token)  # ok: SEC003


def shadowed(jwt: object, token: str) -> None:
    jwt.decode(token, "secret")  # ok: SEC003
