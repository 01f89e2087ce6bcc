#!/usr/bin/env python3
"""Validate all content. Prints `path:line: message` per problem; exits 1 if there is any.

Usage: python scripts/validate.py [--root DIR]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from _root import ROOT

from macros.rules import validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this repository)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    handbook, problems = validate(args.root)
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
