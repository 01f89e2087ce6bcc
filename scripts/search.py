#!/usr/bin/env python3
"""Search the built site's index the way the site's search box does, and print the top results.

Usage: python scripts/search.py "how do I choose participants" [--top 5] [--site-dir site]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _root import ROOT

from macros.outputs.search_index import SearchIndex


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("query", nargs="+")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    args = parser.parse_args(argv)
    path = args.site_dir / "search" / "search_index.json"
    if not path.exists():
        print(f"search: {path} not found: run make site first", file=sys.stderr)
        return 1
    index = SearchIndex(json.loads(path.read_text(encoding="utf-8")))
    hits = index.search(" ".join(args.query))
    for rank, hit in enumerate(hits[:args.top], start=1):
        print(f"{rank}. {hit.page}  ({hit.title}; {hit.location}; score {hit.score:.1f})")
    if not hits:
        print("no results")
    return 0


if __name__ == "__main__":
    sys.exit(main())
