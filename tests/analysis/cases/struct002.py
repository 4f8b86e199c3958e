# case-path: src/posts/service.py
# STRUCT002: star imports from another domain, and paths deep inside another domain.
import src.auth.service.tokens  # expect: STRUCT002
from src.auth import *  # expect: STRUCT002
from src.auth.service.tokens import issue  # expect: STRUCT002
from ..auth import *  # expect: STRUCT002
from ..auth.service.tokens import issue as issue_again  # expect: STRUCT002
from src.auth.service import tokens  # ok: STRUCT002
from src.auth import service as auth_service  # ok: STRUCT002
from src.auth.constants import ErrorCode  # ok: STRUCT002
from src.posts.models.post import Post  # ok: STRUCT002
from src.posts import *  # ok: STRUCT002
from .models import Post as LocalPost  # ok: STRUCT002
from src import config  # ok: STRUCT002
from src.config import settings  # ok: STRUCT002
import srcs.auth.service.tokens  # ok: STRUCT002
from app.auth.service.tokens import verify  # ok: STRUCT002
