"""`remove_orphaned_imports`: only what the fixes left unused goes, and only when certain."""

from __future__ import annotations

import pytest

from agentreview.fixes.orphans import remove_orphaned_imports
from tests.fixes.conftest import dedent

SLEEPY = "async def f():\n    time.sleep(1)\n"
FIXED = "async def f():\n    await asyncio.sleep(1)\n"

# (before, after the fixes, expected): `expected` None means `after` must stay as it is.
CASES: dict[str, tuple[str, str, str | None]] = {
    "the fixed-away import goes": (
        "import asyncio\nimport time\n\n\n" + SLEEPY,
        "import asyncio\nimport time\n\n\n" + FIXED,
        "import asyncio\n\n\n" + FIXED,
    ),
    "one name of a from-import goes, the punctuation stays valid": (
        "from time import monotonic, sleep\n\nx = monotonic()\nsleep(1)\n",
        "from time import monotonic, sleep\n\nx = monotonic()\nawait_it = 1\n",
        "from time import monotonic\n\nx = monotonic()\nawait_it = 1\n",
    ),
    "a parenthesised from-import loses one line": (
        "from time import (\n    monotonic,\n    sleep,\n)\n\nmonotonic()\nsleep(1)\n",
        "from time import (\n    monotonic,\n    sleep,\n)\n\nmonotonic()\n",
        "from time import (\n    monotonic,\n)\n\nmonotonic()\n",
    ),
    "an import that was unused before the fixes stays": (
        "import os\nimport time\n\n" + SLEEPY,
        "import os\nimport time\n\n" + FIXED,
        "import os\n\n" + FIXED,
    ),
    "a name still used elsewhere stays": (
        "import time\n\n" + SLEEPY + "START = time.monotonic()\n",
        "import time\n\n" + FIXED + "START = time.monotonic()\n",
        None,
    ),
    "a name listed in __all__ stays": (
        '__all__ = ["time"]\nimport time\n\n' + SLEEPY,
        '__all__ = ["time"]\nimport time\n\n' + FIXED,
        None,
    ),
    "a name in a string annotation stays": (
        "from m import Model\n\n\ndef f(x: Model, y: 'Model') -> None: ...\n",
        "from m import Model\n\n\ndef f(x: int, y: 'Model') -> None: ...\n",
        None,
    ),
    "an import with a comment stays": (
        "import time  # noqa: F401\n\n" + SLEEPY,
        "import time  # noqa: F401\n\n" + FIXED,
        None,
    ),
    "an explicit re-export stays": (
        "from time import sleep as sleep\n\nsleep(1)\n",
        "from time import sleep as sleep\n\nx = 1\n",
        None,
    ),
    "an alias goes by its bound name": (
        "import time as t\n\nt.sleep(1)\n",
        "import time as t\n\nx = 1\n",
        "x = 1\n",
    ),
    "a dotted import goes by its first name": (
        "import os.path\n\nos.path.join('a')\n",
        "import os.path\n\nx = 1\n",
        "x = 1\n",
    ),
    "the file's first statement gone: no blank lines at the top": (
        "from typing import Optional\n\n\ndef f(a: Optional[int]) -> None: ...\n",
        "from typing import Optional\n\n\ndef f(a: int | None) -> None: ...\n",
        "def f(a: int | None) -> None: ...\n",
    ),
    "a semicolon-joined import line": (
        "import os; import time\n\nos.sep\ntime.sleep(1)\n",
        "import os; import time\n\nos.sep\nx = 1\n",
        "import os\n\nos.sep\nx = 1\n",
    ),
    "__future__ and star imports stay": (
        "from __future__ import annotations\nfrom m import *\n\nannotations = 1\nx = annotations\n",
        "from __future__ import annotations\nfrom m import *\n\nx = 2\n",
        None,
    ),
    "an import inside a function stays (top level only)": (
        "def f():\n    import time\n    time.sleep(1)\n",
        "def f():\n    import time\n    x = 1\n",
        None,
    ),
    "after that does not parse is left alone": (
        "import time\n\ntime.sleep(1)\n",
        "import time\n\nx = (\n",
        None,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_orphaned_imports(name: str) -> None:
    before, after, expected = CASES[name]
    assert remove_orphaned_imports(before, after) == (after if expected is None else expected)


def test_the_file_is_otherwise_byte_for_byte_the_same() -> None:
    before = dedent(
        """
        import asyncio
        import time   # keep this comment's spacing
        import json

        async def  f( ):   # odd spacing
            time.sleep(1); json.dumps(1)
        """
    )
    after = before.replace("time.sleep(1); json.dumps(1)", "await asyncio.sleep(1)")
    assert remove_orphaned_imports(before, after) == after.replace("import json\n", "")
