# PYD009: (str, Enum) rather than StrEnum.
import enum
from enum import Enum, IntEnum, StrEnum
from enum import Enum as E

from graphene import Enum as GrapheneEnum


class Status(str, Enum):  # expect: PYD009
    A = "a"


class Role(str, enum.Enum):  # expect: PYD009
    ADMIN = "admin"


class Kind(str, E):  # expect: PYD009
    X = "x"


class Good(StrEnum):  # ok: PYD009
    A = "a"


class Number(int, Enum):  # ok: PYD009
    ONE = 1


class Level(IntEnum):  # ok: PYD009
    LOW = 1


class Graph(str, GrapheneEnum):  # ok: PYD009
    A = "a"


class Labelled:
    label = "x"


class Mixed(str, Labelled, Enum):  # ok: PYD009
    A = "a"


def factory() -> None:
    str = bytes

    class Inner(str, Enum):  # ok: PYD009
        A = b"a"
