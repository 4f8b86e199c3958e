"""Reading the change: patch parsing (with unidiff) and the post-change source of each file."""

from agentreview.diff.introduced import introduced
from agentreview.diff.model import ChangedFile, FileStatus, Hunk, ParsedPatch, RemovedLine
from agentreview.diff.parse import parse_patch
from agentreview.diff.source import PostChangeSource, read_post_change

__all__ = [
    "ChangedFile",
    "FileStatus",
    "Hunk",
    "ParsedPatch",
    "PostChangeSource",
    "RemovedLine",
    "introduced",
    "parse_patch",
    "read_post_change",
]
