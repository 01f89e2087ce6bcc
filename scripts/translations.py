#!/usr/bin/env python3
"""Translations: what is translated and current in each language, and recording a translation's source.

Usage:
  python scripts/translations.py status             each language: translated, out of date, not yet translated
  python scripts/translations.py stamp FILE [...]   record that each translated FILE now matches its English file
"""

from __future__ import annotations

import argparse
import sys

from _root import ROOT

from macros.checks.validated import editions
from macros.content.translations import source_hash, stamped
from macros.paths import is_translation, translated_source


def status() -> int:
    books, problems = editions(ROOT)
    for problem in problems:
        print(problem, file=sys.stderr)
    english = books.pop("en")
    sources = sorted({*english.pages, *(c.path for c in english.checklists.values())})
    for language, book in books.items():
        current = [t for t in book.translations.values() if not t.stale]
        stale = sorted((t for t in book.translations.values() if t.stale), key=lambda t: t.file)
        missing = [s for s in sources if s not in book.translations]
        print(f"{language}: {len(current)} current, {len(stale)} out of date, {len(missing)} pages and checklists "
              f"not yet translated")
        for translation in stale:
            print(f"  out of date: {translation.file} (translates {translation.translated_from or 'no recorded version'} "
                  f"of {translation.source}, now {translation.current})")
    return 1 if problems else 0


def stamp(files: list[str]) -> int:
    failed = 0
    for name in files:
        relative = (ROOT / name).resolve().relative_to(ROOT).as_posix()
        text = (ROOT / relative).read_text(encoding="utf-8") if is_translation(relative) else None
        new = stamped(text, source_hash(ROOT, translated_source(relative))) if text is not None else None
        if new is None:
            print(f"{name}:1: not a translation with a 'translation:' block: see docs/contributing.md#translations",
                  file=sys.stderr)
            failed += 1
            continue
        (ROOT / relative).write_text(new, encoding="utf-8")
        print(f"{relative}: translates {translated_source(relative)} as it is now")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("status", help="what is translated and current in each language")
    stamp_parser = commands.add_parser("stamp", help="record that translated files match their English files now")
    stamp_parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    return status() if args.command == "status" else stamp(args.files)


if __name__ == "__main__":
    sys.exit(main())
