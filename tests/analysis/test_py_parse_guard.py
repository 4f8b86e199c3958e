"""The guard in front of libcst: a chain too long for libcst is refused before libcst sees
it, the cheap text check in front of the tree walk never hides one, and only the text libcst
is handed is checked (an ordinary file is not walked; a focused module skips the rest)."""

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
    module, error = python.parse_module(source)
    assert module is None
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
    module, error = python.parse_module(source)
    assert module is not None and error is None


CHAIN_ELSEWHERE = (
    "import time\n"
    "\n"
    "\n"
    "def legacy():\n"
    "    return " + " and ".join(["a"] * N) + "\n"
    "\n"
    "\n"
    "async def handler():\n"
    "    time.sleep(1)\n"
)


def test_a_chain_libcst_is_not_handed_does_not_stop_the_review() -> None:
    from agentreview.catalogue.compiled import load_compiled_catalogue
    from agentreview.findings import RepoFacts

    catalogue = load_compiled_catalogue()
    handler_line = CHAIN_ELSEWHERE.count("\n")  # the `time.sleep` line

    def review(changed: set[int] | None) -> python.PythonResult:
        return python.analyse_python(
            CHAIN_ELSEWHERE,
            "app/main.py",
            catalogue,
            {"ASYNC002"},
            repo_facts=RepoFacts(),
            changed_lines=changed,
        )

    focused = review({handler_line})
    assert focused.parse_error is None
    assert [(f.rule_id, f.line) for f in focused.findings] == [("ASYNC002", handler_line)]
    # The whole file (or a change to the chain itself) is refused, naming the chain's line.
    for changed in (None, {5}):
        whole = review(changed)
        assert whole.findings == []
        assert whole.parse_error == "line 5: a boolean expression too long to parse safely"
