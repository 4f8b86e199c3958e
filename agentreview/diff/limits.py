"""Size limits that keep a review's time and memory bounded, whatever the patch holds.

The analysers' cost grows with the text they parse, so a patch, a file and a line each
have a ceiling (`[tool.agentreview]` `max-patch-bytes`, `max-file-bytes`,
`max-line-length`). A patch over its limit is refused; a file over its limits is reviewed
from the diff only (when only the checked-out file is too big) or skipped, and the note
names the limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from agentreview.diff.model import ChangedFile

DEFAULT_MAX_PATCH_BYTES = 50_000_000
DEFAULT_MAX_FILE_BYTES = 2_000_000
DEFAULT_MAX_LINE_LENGTH = 10_000


@dataclass(frozen=True, slots=True)
class Limits:
    max_patch_bytes: int = DEFAULT_MAX_PATCH_BYTES
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_line_length: int = DEFAULT_MAX_LINE_LENGTH  # characters

    def patch_too_big(self, size: int) -> str | None:
        if size <= self.max_patch_bytes:
            return None
        return (
            f"the patch is over the max-patch-bytes limit of {self.max_patch_bytes} bytes "
            "(raise it in [tool.agentreview] or review a smaller diff)"
        )

    def file_too_big(self, size: int) -> str | None:
        if size <= self.max_file_bytes:
            return None
        return f"{size} bytes, over the max-file-bytes limit of {self.max_file_bytes}"

    def line_too_long(self, lines: Iterable[tuple[int, str]]) -> str | None:
        """The first line over max-line-length, as a reason, or None."""
        for number, text in lines:
            if len(text) > self.max_line_length:
                return (
                    f"line {number} is {len(text)} characters long, over the "
                    f"max-line-length limit of {self.max_line_length}"
                )
        return None

    def change_too_big(self, changed: ChangedFile) -> str | None:
        """Why the lines the patch shows for this file are too much to analyse, or None."""
        post_image = [line for hunk in changed.hunks for line in hunk.lines]
        size = sum(len(text.encode("utf-8", "surrogatepass")) + 1 for _, text in post_image)
        if size > self.max_file_bytes:
            return (
                f"the patch shows {size} bytes of it, over the max-file-bytes limit of "
                f"{self.max_file_bytes}"
            )
        return self.line_too_long(post_image)

    def text_too_big(self, text: str) -> str | None:
        """Why a whole file read from the tree is too much to analyse, or None."""
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > self.max_file_bytes:
            return self.file_too_big(size)
        return self.line_too_long(enumerate(text.split("\n"), start=1))
