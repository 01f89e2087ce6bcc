#!/usr/bin/env python3
"""Search the built site the way its search box does, and print the top results.

Usage: python scripts/search.py "how do I choose participants" [--language fr] [--top 5] [--site-dir site]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _root import ROOT

from macros.content.languages import BY_CODE, ENGLISH
from macros.outputs.search_index import INDEX_DIR, Searcher
from macros.paths import language_root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("query", nargs="+")
    parser.add_argument("--language", choices=sorted(BY_CODE), default=ENGLISH.code)
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    args = parser.parse_args(argv)
    folder = args.site_dir / language_root(args.language) / INDEX_DIR
    if not (folder / "index.js").exists():
        print(f"search: {folder / 'index.js'} not found: run make site first", file=sys.stderr)
        return 1
    hits = Searcher(folder).search(" ".join(args.query))
    for rank, hit in enumerate(hits[:args.top], start=1):
        print(f"{rank}. {hit.page}  ({hit.title}; {hit.location}; score {hit.score:.1f})")
    if not hits:
        print("no results")
    return 0


if __name__ == "__main__":
    sys.exit(main())
