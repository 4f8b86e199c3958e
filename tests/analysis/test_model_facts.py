"""The `ast` pre-scan for Pydantic v2 models defined across the change (`model_facts.py`)."""

from __future__ import annotations

import textwrap

import pytest

from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import RepoFacts
from agentreview.model_facts import (
    ModelFacts,
    ModelSpec,
    Source,
    module_names,
    scan_models,
    with_changed_models,
)

NAMES = (
    "pydantic.BaseModel",
    "pydantic.main.BaseModel",
    "pydantic.RootModel",
    "pydantic_settings.BaseSettings",
    "sqlmodel.SQLModel",
)
SPEC = ModelSpec.of(NAMES, ["pydantic.v1.*"], ["dict", "json", "copy"])


def scan(files: dict[str, str]) -> ModelFacts:
    return scan_models(((path, textwrap.dedent(text)) for path, text in files.items()), SPEC)


# --- module names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("app/users/schemas.py", (("app", "users", "schemas"), False, ("app.users.schemas",))),
        ("app/users/__init__.py", (("app", "users"), True, ("app.users",))),
        ("schemas.py", (("schemas",), False, ("schemas",))),
        ("app/stubs.pyi", (("app", "stubs"), False, ("app.stubs",))),
        ("src/shop/x.py", (("src", "shop", "x"), False, ("src.shop.x", "shop.x"))),
        ("my-scripts/x.py", ((), False, ())),
        ("__init__.py", ((), False, ())),
        ("../outside/x.py", ((), False, ())),
        ("/abs/x.py", ((), False, ())),
        ("app/readme.md", ((), False, ())),
    ],
)
def test_module_names_from_paths(
    path: str, expected: tuple[tuple[str, ...], bool, tuple[str, ...]]
) -> None:
    assert module_names(path) == expected


# --- what is a model ------------------------------------------------------------------------


def test_models_under_every_spelling_of_the_base() -> None:
    found = scan(
        {
            "app/schemas.py": """
                import pydantic as pd
                import sqlmodel
                from pydantic import BaseModel as Base, RootModel
                from pydantic.main import BaseModel

                class A(pd.BaseModel):
                    x: int

                class B(Base):
                    x: int

                class C(RootModel[list[int]]):
                    pass

                class D(sqlmodel.SQLModel, table=True):
                    id: int

                class E(BaseModel):
                    x: int

                class Plain:
                    pass

                class FromCall(make_base()):
                    pass
            """
        }
    )
    assert found.models == {f"app.schemas.{name}" for name in "ABCDE"}
    assert found.settings == frozenset()


def test_v1_models_are_not_models() -> None:
    found = scan(
        {
            "app/old.py": """
                import pydantic.v1 as v1
                from pydantic import BaseModel
                from pydantic.v1 import BaseModel as V1Model

                class Old(V1Model):
                    x: int

                class OldToo(v1.BaseModel):
                    x: int

                class Mixed(BaseModel, V1Model):
                    x: int
            """,
            "app/new.py": """
                from app.old import Old

                class StillOld(Old):
                    y: int
            """,
        }
    )
    assert found.models == frozenset()


def test_subclass_chains_across_files_in_any_order() -> None:
    files = {
        "app/c.py": """
            from app.b import Middle

            class Leaf(Middle):
                z: int
        """,
        "app/b.py": """
            from app.a import Root

            class Middle(Root):
                y: int
        """,
        "app/a.py": """
            from pydantic import BaseModel

            class Root(BaseModel):
                x: int
        """,
    }
    # `app.b.Root` and `app.c.Middle` are the same classes, imported into those modules.
    expected = {"app.a.Root", "app.b.Middle", "app.c.Leaf", "app.b.Root", "app.c.Middle"}
    assert scan(files).models == expected
    assert scan(dict(reversed(list(files.items())))).models == expected


def test_relative_imports() -> None:
    found = scan(
        {
            "app/common.py": """
                from pydantic import BaseModel

                class AppModel(BaseModel):
                    pass
            """,
            "app/users/base.py": """
                from ..common import AppModel

                class UserBase(AppModel):
                    name: str
            """,
            "app/users/schemas.py": """
                from . import base
                from .base import UserBase as Parent

                class UserCreate(Parent):
                    password: str

                class UserRead(base.UserBase):
                    id: int
            """,
            "app/users/__init__.py": """
                from .schemas import UserCreate

                class Marker:
                    pass
            """,
        }
    )
    assert {
        "app.common.AppModel",
        "app.users.base.UserBase",
        "app.users.schemas.UserCreate",
        "app.users.schemas.UserRead",
    } <= found.models
    assert "app.users.Marker" not in found.models


def test_relative_import_above_the_top_resolves_to_nothing() -> None:
    found = scan(
        {
            "schemas.py": """
                from ..elsewhere import Base

                class User(Base):
                    pass
            """,
            "other.py": "class Unrelated:\n    pass\n",
        }
    )
    assert found.models == frozenset()


def test_src_layout_answers_to_both_module_names() -> None:
    found = scan(
        {
            "src/shop/base.py": """
                from pydantic import BaseModel

                class ShopModel(BaseModel):
                    pass
            """,
            "src/shop/orders.py": """
                from shop.base import ShopModel
                from .base import ShopModel as Again

                class Order(ShopModel):
                    pass

                class Refund(Again):
                    pass
            """,
        }
    )
    for name in ("base.ShopModel", "orders.Order", "orders.Refund"):
        assert f"shop.{name}" in found.models
        assert f"src.shop.{name}" in found.models


def test_reexports_through_a_package_init() -> None:
    found = scan(
        {
            "app/users/schemas.py": """
                from pydantic import BaseModel

                class UserUpdate(BaseModel):
                    bio: str
            """,
            "app/users/__init__.py": "from app.users.schemas import UserUpdate as Update\n",
            "app/admin.py": """
                from app.users import Update

                class AdminUpdate(Update):
                    role: str
            """,
        }
    )
    assert found.models == {
        "app.users.schemas.UserUpdate",
        "app.users.Update",
        "app.admin.AdminUpdate",
        "app.admin.Update",
    }


def test_base_model_reexported_by_a_changed_module() -> None:
    found = scan(
        {
            "app/base.py": """
                from pydantic import BaseModel as Model

                class Unrelated:
                    pass
            """,
            "app/schemas.py": """
                from app.base import Model

                class User(Model):
                    pass
            """,
        }
    )
    assert found.models == {"app.schemas.User"}


def test_names_bound_more_than_once_are_not_followed() -> None:
    found = scan(
        {
            "app/schemas.py": """
                try:
                    from pydantic.v1 import BaseModel
                except ImportError:
                    from pydantic import BaseModel

                class Either(BaseModel):
                    pass

                from pydantic import BaseModel as Model

                class Twice(Model):
                    pass

                class Twice(Model):
                    pass

                class Rebound(Model):
                    pass

                Rebound = dict
            """
        }
    )
    assert found.models == frozenset()


def test_attribute_and_subscript_assignments_bind_no_name() -> None:
    found = scan(
        {
            "app/schemas.py": """
                from pydantic import BaseModel

                class User(BaseModel):
                    pass

                User.model_rebuild_hint = True
                registry = {}
                registry[User] = 1
            """
        }
    )
    assert found.models == {"app.schemas.User"}


def test_base_cycles_resolve_to_nothing() -> None:
    found = scan(
        {
            "app/a.py": """
                from pydantic import BaseModel
                from app.b import B

                class A(B, BaseModel):
                    pass
            """,
            "app/b.py": """
                from app.a import A

                class B(A):
                    pass
            """,
        }
    )
    assert found.models == frozenset()


def test_settings_models_and_their_subclasses() -> None:
    found = scan(
        {
            "app/config.py": """
                from pydantic_settings import BaseSettings

                class Settings(BaseSettings):
                    debug: bool = False
            """,
            "app/auth/config.py": """
                from app.config import Settings

                class AuthSettings(Settings):
                    secret: str
            """,
        }
    )
    assert found.models == {
        "app.config.Settings",
        "app.auth.config.AuthSettings",
        "app.auth.config.Settings",  # imported there: the same class
    }
    assert found.settings == found.models


def test_listed_methods_a_model_defines_are_recorded_and_inherited() -> None:
    found = scan(
        {
            "app/schemas.py": """
                from pydantic import BaseModel

                class Mixin:
                    def copy(self):
                        return self

                class Custom(BaseModel):
                    def dict(self, **kwargs):
                        return {}

                    json = None
                    name: str
            """,
            "app/more.py": """
                from app.schemas import Custom, Mixin
                from pydantic import BaseModel

                class Child(Custom):
                    pass

                class WithMixin(Mixin, BaseModel):
                    pass
            """,
        }
    )
    assert found.methods == {
        "app.schemas.Custom.dict",
        "app.schemas.Custom.json",
        "app.more.Custom.dict",
        "app.more.Custom.json",
        "app.more.Child.dict",
        "app.more.Child.json",
        "app.more.WithMixin.copy",
    }


# --- robustness -------------------------------------------------------------------------------


def test_a_broken_file_does_not_break_the_scan() -> None:
    deep = "class Deep(BaseModel):\n    x = " + "(" * 300 + "1" + ")" * 300 + "\n"
    found = scan(
        {
            "app/broken.py": "class Broken(BaseModel:\n    pass\n",
            "app/nul.py": "class Nul:\n    x = 1\x00\n",
            "app/deep.py": "from pydantic import BaseModel\n" + deep,
            "app/escapes.py": 'import re\n\nclass P:\n    pattern = "\\d+"\n',
            "app/schemas.py": """
                from pydantic import BaseModel

                class User(BaseModel):
                    pass
            """,
        }
    )
    assert found.models == {"app.schemas.User"}


def test_deeply_nested_blocks_do_not_overflow() -> None:
    nested = "".join(f"{'    ' * depth}if x:\n" for depth in range(90))
    text = (
        "from pydantic import BaseModel\n"
        + nested
        + "    " * 90
        + "pass\n"
        + "class User(BaseModel):\n    pass\n"
    )
    assert scan({"app/schemas.py": text}).models == {"app.schemas.User"}


def test_unknown_texts_and_nameless_paths_are_skipped() -> None:
    model = "from pydantic import BaseModel\n\nclass User(BaseModel):\n    pass\n"
    found = scan_models(
        [("app/gone.py", None), ("my-scripts/tool.py", model), ("app/schemas.py", model)], SPEC
    )
    assert found.models == {"app.schemas.User"}


# --- the pipeline's entry point -------------------------------------------------------------


MODEL_FILE = "from pydantic import BaseModel\n\nclass User(BaseModel):\n    pass\n"


def test_with_changed_models_fills_repo_facts(catalogue: Catalogue) -> None:
    read: list[str] = []

    def reader(path: str, text: str | None) -> Source:
        def read_text() -> str | None:
            read.append(path)
            return text

        return path, read_text

    facts = RepoFacts(first_party=frozenset({"app"}))
    sources = [
        reader("app/schemas.py", MODEL_FILE),
        reader("app/router.py", "x = 1\n"),
        reader("requirements.txt", "class Fake(BaseModel):\n"),
    ]
    updated = with_changed_models(facts, catalogue, sources)
    assert updated.pydantic_models == {"app.schemas.User"}
    assert updated.first_party == {"app"}
    assert sorted(read) == ["app/router.py", "app/schemas.py"]  # never the requirements file


def test_a_single_python_file_is_not_read(catalogue: Catalogue) -> None:
    def unread() -> str | None:
        raise AssertionError("a lone file's models are found in the file itself")

    facts = RepoFacts()
    sources = [("app/schemas.py", unread), ("requirements.txt", unread)]
    assert with_changed_models(facts, catalogue, sources) is facts


def test_spec_comes_from_pyd004(catalogue: Catalogue) -> None:
    spec = ModelSpec.from_catalogue(catalogue)
    assert spec is not None
    match = catalogue.rule("PYD004").match
    assert match is not None
    assert spec.methods == set(match.methods)
    assert spec.roots.matches("pydantic.BaseModel")
    assert spec.v1.matches("pydantic.v1.BaseModel")
    assert not spec.roots.matches("pydantic.v1.BaseModel")
