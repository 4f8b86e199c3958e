"""Adding imports: once, joined to an existing import, in the right section."""

from __future__ import annotations

import libcst as cst
import pytest

from agentreview.fixes.imports import add_imports
from agentreview.fixes.model import RequiredImport
from tests.fixes.conftest import dedent

ASYNCIO = RequiredImport("asyncio")
ANNOTATED = RequiredImport("typing", "Annotated")
TRANSPORT = RequiredImport("httpx", "ASGITransport")


def added(code: str, *wanted: RequiredImport) -> str:
    return add_imports(cst.parse_module(dedent(code)), wanted).code


@pytest.mark.parametrize(
    ("before", "wanted", "after"),
    [
        (  # already there: nothing changes
            "import asyncio\nimport time\n",
            [ASYNCIO, ASYNCIO],
            "import asyncio\nimport time\n",
        ),
        (  # joins `from typing import ...`, sorted
            "from typing import Any, Optional\n",
            [ANNOTATED],
            "from typing import Annotated, Any, Optional\n",
        ),
        (  # a parenthesised import keeps its layout
            "from typing import (\n    Any,\n    Optional,\n)\n",
            [ANNOTATED],
            "from typing import (\n    Annotated,\n    Any,\n    Optional,\n)\n",
        ),
        (  # unsorted names: appended
            "from typing import Optional, Any\n",
            [ANNOTATED],
            "from typing import Optional, Any, Annotated\n",
        ),
        (  # a standard-library module among the standard library, in order
            '"""Doc."""\nimport os\nimport time\n\nimport fastapi\n',
            [ASYNCIO],
            '"""Doc."""\nimport asyncio\nimport os\nimport time\n\nimport fastapi\n',
        ),
        (  # a third-party name after the standard library, a blank line apart
            "from __future__ import annotations\n\nimport os\n\nx = 1\n",
            [TRANSPORT],
            "from __future__ import annotations\n\nimport os\n\n"
            "from httpx import ASGITransport\n\nx = 1\n",
        ),
        (  # a standard-library section started before the third-party one
            "# licence\nimport fastapi\n\napp = 1\n",
            [ASYNCIO],
            "# licence\nimport asyncio\n\nimport fastapi\n\napp = 1\n",
        ),
        (  # no imports: after the docstring
            '"""Doc."""\nx = 1\n',
            [ASYNCIO],
            '"""Doc."""\n\nimport asyncio\n\nx = 1\n',
        ),
        (  # nothing at all before the code
            "x = 1\n",
            [ASYNCIO, ANNOTATED],
            "import asyncio\nfrom typing import Annotated\n\nx = 1\n",
        ),
        (  # an aliased import of the same module does not bind the name
            "import asyncio as aio\n",
            [ASYNCIO],
            "import asyncio as aio\nimport asyncio\n",
        ),
        (  # a comment on the first name is not copied as a separator
            "from typing import (\n    Any,  # anything\n    Optional,\n)\n",
            [ANNOTATED],
            "from typing import (\n    Any,  # anything\n    Optional,\n)\n"
            "from typing import Annotated\n",
        ),
    ],
)
def test_add_imports(before: str, wanted: list[RequiredImport], after: str) -> None:
    assert added(before, *wanted) == after


def test_a_long_line_gets_a_statement_of_its_own() -> None:
    names = ", ".join(f"Name{index}" for index in range(14))
    code = added(f"from typing import {names}\n", ANNOTATED)
    assert code == f"from typing import {names}\nfrom typing import Annotated\n"


def test_crlf_module_gets_crlf_imports() -> None:
    module = cst.parse_module("import os\r\n\r\nx = 1\r\n")
    assert add_imports(module, [ASYNCIO]).code == "import asyncio\r\nimport os\r\n\r\nx = 1\r\n"
