#!/usr/bin/env python3
"""Screenshot key pages of the built site at desktop and phone widths, and the first page of each
kind of PDF, for a person to look at before a release.

Usage: python scripts/screenshots.py [--site-dir site] [--out screenshots] [PAGE ...]
PAGE is a site path such as handbook/introduction.html (default: the key pages).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from _root import ROOT
from static_server import serve

KEY_PAGES = ["index.html", "how-to-use.html", "handbook/introduction.html", "handbook/step-3-prepare.html",
             "checklists/index.html", "checklists/participant-selection.html", "case-studies/index.html",
             "case-studies/inter-tajik-dialogue.html", "glossary.html", "references.html"]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--full-page", action="store_true", help="capture the whole page, not the first screen")
    parser.add_argument("pages", nargs="*", default=KEY_PAGES)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with serve(args.site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for label, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for path in args.pages:
                page.goto(base + path)
                name = path.removesuffix(".html").replace("/", "_") + f"-{label}.png"
                page.screenshot(path=str(args.out / name), full_page=args.full_page)
                print(args.out / name)
            page.close()
        browser.close()
    for pdf in first_pdf_of_each_kind(args.site_dir / "downloads"):
        name = args.out / f"pdf-{pdf.relative_to(args.site_dir / 'downloads').as_posix().replace('/', '_')}"
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(name)],
                       check=True)
        print(f"{name}.png")
    return 0


def first_pdf_of_each_kind(downloads: Path) -> list[Path]:
    """The handbook, one toolkit, and one checklist in A4 and in US Letter."""
    checklists = sorted((downloads / "checklists").glob("*-letter.pdf"))
    picks = [downloads / "handbook.pdf", next(iter(sorted((downloads / "toolkits").glob("*.pdf"))), None)]
    if checklists:
        picks += [checklists[0].with_name(checklists[0].name.replace("-letter", "")), checklists[0]]
    return [p for p in picks if p and p.exists()]


if __name__ == "__main__":
    sys.exit(main())
