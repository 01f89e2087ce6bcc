#!/usr/bin/env python3
"""Screenshot key pages of the built site at desktop and phone widths, for a person to look at.

Usage: python scripts/screenshots.py [--site-dir site] [--out screenshots] [PAGE ...]
PAGE is a site path such as handbook/introduction.html (default: the key pages).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

from _root import ROOT

KEY_PAGES = ["index.html", "how-to-use.html", "handbook/introduction.html", "handbook/step-3-prepare.html",
             "checklists/index.html", "checklists/participant-selection.html", "case-studies/index.html",
             "case-studies/inter-tajik-dialogue.html", "glossary.html", "references.html"]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--full-page", action="store_true", help="capture the whole page, not the first screen")
    parser.add_argument("pages", nargs="*", default=KEY_PAGES)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(Quiet, directory=str(args.site_dir)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as playwright:
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
    httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
