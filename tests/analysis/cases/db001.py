# DB001: encode/databases imports, not the project's own `databases` modules.
import databases  # expect: DB001
import databases.core  # expect: DB001
from databases import Database  # expect: DB001
from databases.backends.postgres import PostgresBackend  # expect: DB001
import app.databases  # ok: DB001
from app.databases import get_db  # ok: DB001
from .databases import session  # ok: DB001
from . import databases as local_databases  # ok: DB001
import databases_extra  # ok: DB001
