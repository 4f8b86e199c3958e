# SEC001: python-jose imports.
import jose  # expect: SEC001
import jose.jwt  # expect: SEC001
from jose import jwt  # expect: SEC001
from jose.exceptions import JWTError  # expect: SEC001
from jose import (  # expect: SEC001
    jwk,
    jws,
)
import josepy  # ok: SEC001
import jwt as pyjwt  # ok: SEC001
from authlib.jose import JsonWebToken  # ok: SEC001
from .jose import helpers  # ok: SEC001
