# CPU-heavy hashing on the event loop.
import hashlib

import bcrypt
from argon2 import PasswordHasher
from passlib.context import CryptContext
from pwdlib import PasswordHash

pwd_context = CryptContext(schemes=["bcrypt"])
password_hash = PasswordHash.recommended()
hasher = PasswordHasher()


async def register(password: bytes, text: str) -> None:
    bcrypt.hashpw(password, bcrypt.gensalt())  # expect: ASYNC007
    hashlib.pbkdf2_hmac("sha256", password, b"salt", 600_000)  # expect: ASYNC007
    pwd_context.hash(text)  # expect: ASYNC007
    password_hash.verify(text, "stored")  # expect: ASYNC007
    hasher.hash(text)  # expect: ASYNC007
    hashlib.sha256(password).hexdigest()  # ok: ASYNC007
    pwd_context.identify(text)  # ok: ASYNC007


async def unknown_receiver(context: object, text: str) -> None:
    context.hash(text)  # ok: ASYNC007


def sync_hash(text: str) -> str:
    return pwd_context.hash(text)  # ok: ASYNC007
