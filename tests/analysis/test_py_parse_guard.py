"""The cheap text check in front of `_too_long_for_libcst`: it never hides a chain that is too
long for libcst, and it spares ordinary files the walk over their whole tree."""

from __future__ import annotations

import pytest

from agentreview.analysis import python

N = python._MAX_CHAIN + 5
TOO_LONG = {
    "and": "x = " + " and ".join(["a"] * N) + "\n",
    "or-tight": "x = (" + ")or(".join(["a"] * N) + ")\n",
    "digit-and": "x = " + "1and ".join([""] * N) + "1\n",
    "dotted": "import " + ".".join(["a"] * N) + "\n",
    "dotted-spaced": "from " + " . ".join(["a"] * N) + " import b\n",
    "dotted-continued": "x = 1\nimport " + ".\\\n".join(["a"] * N) + "\n",
    "nested": "def f():\n    if x:\n        import " + ".".join(["é"] * N) + "\n",
}


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # `1and` is deprecated, still valid
@pytest.mark.parametrize("source", TOO_LONG.values(), ids=TOO_LONG)
def test_a_chain_too_long_is_still_refused(source: str) -> None:
    tree, error = python._parse_ast(source)
    assert tree is not None
    assert error is not None and "too long to parse safely" in error


def test_an_ordinary_file_is_not_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    def walked(tree: object) -> str | None:
        raise AssertionError("walked the tree")

    monkeypatch.setattr(python, "_too_long_for_libcst", walked)
    # 1,800 dots and 900 `and`s in all, but no chain anywhere near the limit.
    source = "".join(
        f"import package.module_{index}.sub as alias_{index}\n"
        f"value_{index} = alias_{index}.call(a.b.c.d) if x and y and z and w else None\n"
        for index in range(300)
    )
    assert source.count(".") > python._MAX_CHAIN
    tree, error = python._parse_ast(source)
    assert tree is not None and error is None
