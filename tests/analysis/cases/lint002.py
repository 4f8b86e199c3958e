# LINT002: typing aliases in annotations and subscripts, one finding per use.
import typing
import typing as t
from typing import Any, Dict, FrozenSet, List, Literal, Optional, Set, Tuple, Type, Union


def f(a: Optional[int], b: List[str]) -> Dict[str, int]:  # expect: LINT002
    x: Union[int, str] = 1  # expect: LINT002
    y: t.Tuple[int, ...] = (1,)  # expect: LINT002
    z: typing.FrozenSet[int] = frozenset()  # expect: LINT002
    w: Set = set()  # expect: LINT002
    k: Type[int] = int  # expect: LINT002
    nested: Dict[str, List[Optional[int]]] = {}  # expect: LINT002
    ok1: list[int] = []  # ok: LINT002
    ok2: int | None = None  # ok: LINT002
    ok3: Literal["a"] = "a"  # ok: LINT002
    ok4: Any = None  # ok: LINT002
    ok5 = isinstance(x, List)  # ok: LINT002
    return {}


Alias = Optional[int]  # expect: LINT002
value = typing.cast(List[int], [])  # expect: LINT002


class Model:
    items: List[int]  # expect: LINT002

    def method(
        self,
        first: Optional[str],  # expect: LINT002
        second: int,  # ok: LINT002
    ) -> None:
        pass


def shadowed() -> None:
    List = list
    items: List[int] = []  # ok: LINT002
