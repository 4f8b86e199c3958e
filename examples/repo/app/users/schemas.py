from typing import Optional

from pydantic import BaseModel, ConfigDict


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    display_name: Optional[str] = None
    bio: str | None = None


class UserUpdate(BaseModel):
    display_name: str | None = None
    bio: str | None = None
