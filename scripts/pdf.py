#!/usr/bin/env python3
"""Render the PDF downloads (checklists, toolkits, the whole handbook) from the content model, in every language.

Validates first; see macros/outputs/pdf_files.py for how documents are rendered and cached.

Usage: python scripts/pdf.py --out DIR [--cache DIR] [--jobs N] [--root DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from _root import ROOT

from macros.checks.validated import editions
from macros.outputs.pdf_files import PdfError, default_cache_dir, render_all, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="output directory (becomes site/downloads/)")
    parser.add_argument("--root", type=Path, default=ROOT, help="repository root (default: this repository)")
    parser.add_argument("--cache", type=Path, default=default_cache_dir(), help="cache directory "
                        "(default: %(default)s)")
    parser.add_argument("--jobs", type=int, default=min(4, os.cpu_count() or 1), help="parallel renders")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    books, problems = editions(args.root)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"pdf: {len(problems)} content problem(s); no PDF was written", file=sys.stderr)
        return 1
    try:
        manifest = render_all(list(books.values()), args.out, args.cache, args.jobs)
    except PdfError as error:
        print(f"pdf: {error}", file=sys.stderr)
        return 1
    print("\n".join(summary(manifest, time.perf_counter() - started)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
