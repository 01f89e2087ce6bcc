"""A contributor-facing problem: where it is and what to write instead."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root, with forward slashes
    line: int  # 1-based; 1 when the problem concerns the whole file
    message: str
    # A draft problem (a new file's template instructions still in place) blocks the site build and
    # `make check`, but not the local preview, so a contributor can watch the page while writing it.
    draft: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised by renderers when asked for something the model does not hold.

    The validator reports these cases with a file and line before any rendering
    happens, so reaching this exception means a caller skipped validation.
    """
