# case-path: tests/auth/test_tokens.py
# STRUCT002 in a test file: reaching into a domain is fine, a star import still is not.
from src.auth.service.tokens import issue  # ok: STRUCT002
import src.auth.service.tokens  # ok: STRUCT002
from src.auth import *  # expect: STRUCT002
