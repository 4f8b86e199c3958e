# LINT004: datetime.utcnow(), however datetime was imported.
import datetime
import datetime as dt
from datetime import UTC
from datetime import datetime as DateTime

import arrow

datetime.datetime.utcnow()  # expect: LINT004
dt.datetime.utcnow()  # expect: LINT004
DateTime.utcnow()  # expect: LINT004
stamp = [DateTime.utcnow() for _ in range(2)]  # expect: LINT004
datetime.datetime.now(UTC)  # ok: LINT004
DateTime.utcnow  # ok: LINT004
arrow.utcnow()  # ok: LINT004


def shadowed(datetime) -> None:
    datetime.utcnow()  # ok: LINT004
