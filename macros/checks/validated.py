"""The validated model, computed once per state of the content and of the rules.

scripts/build.py validates once and gives builders finished pages, so no builder runs our code. Where
a builder does load our macros (`mkdocs serve` and a plain `mkdocs build` through mkdocs-macros, which
calls `define_env` again on every rebuild; Zensical calls it once per page), validation takes about a
second while hashing what it reads takes milliseconds: the result is kept and reused while the hash
stays the same.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from macros.checks.rules import validate
from macros.checks.term_base import term_base_problems
from macros.content.languages import TRANSLATED
from macros.content.model import Handbook
from macros.content.translations import translated
from macros.content.problems import Problem
from macros.paths import CHECKLISTS_DIR, DOCS

CODE_DIR = Path(__file__).resolve().parent.parent  # the macros package: a rule change is a new state
CONFIG_FILE = "mkdocs.yml"

Result = tuple[Handbook, list[Problem]]
_last: tuple[str, Result] | None = None  # this process's latest result


def _inputs(root: Path) -> list[tuple[str, Path]]:
    """Every file validation reads or judges, with the name it is hashed under."""
    files = [(f"content/{p.relative_to(root).as_posix()}", p)
             for top in (DOCS, CHECKLISTS_DIR) for p in (root / top).rglob("*") if p.is_file() or p.is_symlink()]
    files += [(f"code/{p.relative_to(CODE_DIR).as_posix()}", p) for p in CODE_DIR.rglob("*.py")]
    files.append((f"content/{CONFIG_FILE}", root / CONFIG_FILE))
    return sorted(files)


def content_key(root: Path) -> str:
    """A hash of the repository's path and of every input's name and bytes (a symlink: its target)."""
    digest = hashlib.sha256(str(root.resolve()).encode())
    for name, path in _inputs(root):
        data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes() if path.exists() else b""
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def validated(root: Path) -> Result:
    """`rules.validate(root)`, computed once per state of the content and of the rules."""
    global _last
    root = root.resolve()
    key = content_key(root)
    if _last is None or _last[0] != key:
        _last = (key, validate(root))
    return _last[1]


def editions(root: Path) -> tuple[dict[str, Handbook], list[Problem]]:
    """The validated handbook in every language (English first), and every problem with the content or
    its translations. A translation is only checked against English that is itself valid, and against
    its language's term base once its files match the English."""
    handbook, problems = validated(root)
    books = {handbook.language: handbook}
    if problems:
        return books, problems
    for language in TRANSLATED:
        books[language], found = translated(handbook, language)
        problems += found or term_base_problems(handbook, books[language])
    return books, problems
