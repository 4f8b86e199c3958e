# PYD004: v1 model methods, only on receivers known to be v2 models of this file.
from fastapi import APIRouter
from pydantic import BaseModel
from pydantic.v1 import BaseModel as V1BaseModel
from sqlmodel import SQLModel

from src.schemas import ImportedModel

router = APIRouter()


class UserCreate(BaseModel):
    email: str


class AdminCreate(UserCreate):
    level: int


class Row(SQLModel):
    id: int


class Legacy(V1BaseModel):
    name: str


class OwnDict(BaseModel):
    def dict(self) -> dict[str, int]:
        return {}


class ChildOfOwnDict(OwnDict):
    pass


class HasMethods(BaseModel):
    value: int

    def as_payload(self) -> dict[str, object]:
        return self.dict()  # expect: PYD004

    @classmethod
    def build(cls, raw: dict[str, object]) -> "HasMethods":
        return cls.parse_obj(raw)  # expect: PYD004

    @staticmethod
    def helper(other) -> object:
        return other.dict()  # ok: PYD004

    def nested(self) -> object:
        def inner():
            return self.dict()  # ok: PYD004

        return inner


class LegacyMethods(V1BaseModel):
    value: int

    def as_payload(self) -> dict[str, object]:
        return self.dict()  # ok: PYD004


@router.post("/users")
async def create(payload: UserCreate) -> dict[str, object]:
    return payload.dict(exclude_unset=True)  # expect: PYD004


def examples(
    admin: AdminCreate,
    row: Row,
    legacy: Legacy,
    own: OwnDict,
    child: ChildOfOwnDict,
    other: ImportedModel,
    request,
    response,
) -> None:
    admin.json()  # expect: PYD004
    row.dict()  # expect: PYD004
    UserCreate(email="a").copy()  # expect: PYD004
    UserCreate.model_validate({}).dict()  # expect: PYD004
    UserCreate.parse_obj({}).json()  # expect: PYD004
    UserCreate.schema()  # expect: PYD004
    UserCreate.from_orm(row)  # expect: PYD004
    UserCreate.parse_raw(b"{}")  # expect: PYD004
    maybe: UserCreate | None = None
    maybe.dict()  # expect: PYD004
    created = UserCreate(email="b")
    created.json(indent=2)  # expect: PYD004
    legacy.dict()  # ok: PYD004
    Legacy.parse_obj({})  # ok: PYD004
    own.dict()  # ok: PYD004
    child.dict()  # ok: PYD004
    other.dict()  # ok: PYD004
    request.GET.dict()  # ok: PYD004
    response.json()  # ok: PYD004
    UserCreate.dict()  # ok: PYD004
    UserCreate.model_json_schema()  # ok: PYD004
    {"a": 1}.copy()  # ok: PYD004
    users: list[UserCreate] = []
    users.copy()  # ok: PYD004
