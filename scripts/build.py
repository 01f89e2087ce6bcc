#!/usr/bin/env python3
"""Build the whole site (pages, search index, PDFs, open data, offline bundle) into site/.

Validates first; builds into a temporary directory next to site/ and swaps it in only when
everything succeeded, so a failed build never leaves a half-written site (macros/site_build.py).

Usage: python scripts/build.py [--site-dir DIR] [--builder mkdocs|properdocs|zensical] [--refused-to DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _root import ROOT

from macros.site_build import BUILDERS, build_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--builder", choices=list(BUILDERS), default="mkdocs",
                        help="the site builder that renders the finished pages (default: mkdocs)")
    parser.add_argument("--refused-to", type=Path, metavar="DIR",
                        help="if the output policy refuses the site, leave it here as the builder made it, "
                             "to inspect (the policy empties the pages it refuses)")
    args = parser.parse_args(argv)
    return build_site(ROOT, args.site_dir.resolve(), args.builder, args.refused_to)


if __name__ == "__main__":
    sys.exit(main())
