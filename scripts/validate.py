#!/usr/bin/env python3
"""Validate all content. Prints `path:line: message` per problem; exits 1 if there is any.

Usage: python scripts/validate.py [--root DIR] [--prose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from _root import ROOT

from macros.content.source import read_config

from macros.checks.prose import handbook_stats
from macros.outputs.reader_aids import stale_items
from macros.checks.validated import editions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this repository)")
    parser.add_argument("--prose", action="store_true", help="also print words, sentence length and reading ease")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    books, problems = editions(args.root)
    handbook = books["en"]
    for problem in problems:
        print(problem)
    counts = (f"{len(handbook.pages)} pages, {len(handbook.chapters)} chapters, {len(handbook.checklists)} checklists "
              f"({sum(len(c.items) for c in handbook.checklists.values())} items), {len(handbook.cases)} case studies, "
              f"{len(handbook.glossary)} glossary terms, {len(handbook.references)} references")
    elapsed = time.perf_counter() - started
    if problems:
        print(f"check: {len(problems)} problem(s) in {counts} ({elapsed:.2f} s)", file=sys.stderr)
        return 1
    print(f"check: ok: {counts} ({elapsed:.2f} s)")
    print_review_due(handbook, args.root)
    print_stale_translations(books)
    if args.prose:
        print_prose_report(handbook)
    return 0


def review_period(root: Path) -> int:
    """Days after which content is due for review: mkdocs.yml extra.review_after_days (default 365)."""
    config = root / "mkdocs.yml"
    extra = read_config(root).get("extra", {}) if config.exists() else {}
    return int(extra.get("review_after_days", 365))


def print_review_due(handbook, root: Path) -> None:
    """Not an error: a reminder that facts age. Listed oldest first."""
    days = review_period(root)
    due = stale_items(handbook, dt.date.today(), days)
    for item in due:
        path = item.path if hasattr(item, "path") else item.page.path
        print(f"review due: {path}: last reviewed {item.reviewed.isoformat()}, "
              f"more than {days} days ago: check its facts and sources, then update 'reviewed'")


def print_stale_translations(books: dict) -> None:
    """Not an error either: the English moved on, and the translation's page says so until it is updated."""
    for language, book in books.items():
        translated = [t for t in book.translations.values()]
        if language != "en":
            print(f"translations: {language}: {len(translated)} files, {sum(t.stale for t in translated)} out of date")
        for translation in sorted((t for t in translated if t.stale), key=lambda t: t.file):
            print(f"translation out of date: {translation.file}: {translation.source} has changed since it was "
                  f"translated: update the translation, then run "
                  f".venv/bin/python scripts/translations.py stamp {translation.file}")


def print_prose_report(handbook) -> None:
    """Plain language is the aim: show where sentences run long or reading gets hard."""
    print(f"\n{'prose':46} {'words':>6} {'words/sentence':>15} {'over 30 words':>14} {'reading ease':>13}")
    for row in handbook_stats(handbook):
        print(f"{row.path:46} {row.words:6} {row.words_per_sentence:15.1f} {row.long_sentences:14} "
              f"{row.reading_ease:13.1f}")
    print("reading ease: Flesch score, higher is easier; aim for 50 or more (a quality newspaper reads at 50-60)")


if __name__ == "__main__":
    sys.exit(main())
