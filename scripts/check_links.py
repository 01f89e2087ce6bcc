#!/usr/bin/env python3
"""Check the built site's links to other websites; print each broken one with the pages that link it.

Reads the HTML in site/ (run `make site` first), asks each external http(s) address once, with a
HEAD request and then a GET if the server refuses HEAD, one request at a time with a pause between
them. Exits 1 if any link is broken. It needs the network, so only the weekly links workflow runs
it (.github/workflows/links.yml), never the test suite.

Usage: python scripts/check_links.py [--site-dir DIR] [--delay SECONDS] [--timeout SECONDS] [--strict]
"""

from __future__ import annotations

import argparse
import socket
import sys
import time
import urllib.error
import urllib.request
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

ROOT = Path(__file__).resolve().parent.parent
USER_AGENT = "track2-handbook-link-check/1.0 (+weekly check of the handbook's citations; one request at a time)"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}
# Many publishers answer automated requests with 401, 403 or 429 although the page is there for
# readers: report these as unverified, and fail on them only with --strict.
UNVERIFIABLE = {401, 403, 429}


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "area"):
            href = dict(attrs).get("href")
            if href:
                self.links.append(href.strip())


def external_links(site: Path) -> dict[str, set[str]]:
    """External address (without fragment) -> pages of the site that link it."""
    found: dict[str, set[str]] = defaultdict(set)
    for page in sorted(site.rglob("*.html")):
        parser = LinkParser()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https") and parts.hostname and parts.hostname not in LOCAL_HOSTS:
                found[urldefrag(href).url].add(page.relative_to(site).as_posix())
    return found


def status_of(url: str, timeout: float) -> tuple[int | None, str]:
    """(HTTP status, or None when there was no answer; a short description)."""
    last: tuple[int | None, str] = (None, "no answer")
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if method == "GET":
                    response.read(1024)
                return response.status, f"{response.status} {response.reason}"
        except urllib.error.HTTPError as error:
            last = (error.code, f"{error.code} {error.reason}")
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as error:
            reason = getattr(error, "reason", error)
            last = (None, f"no answer ({reason})")
        except ValueError as error:  # a malformed address
            return None, f"not a valid address ({error})"
    return last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--delay", type=float, default=1.0, help="seconds to wait between requests (default: 1)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each answer (default: 20)")
    parser.add_argument("--strict", action="store_true",
                        help=f"also fail on {', '.join(map(str, sorted(UNVERIFIABLE)))} (servers refusing robots)")
    args = parser.parse_args(argv)
    site = args.site_dir
    if not (site / "index.html").is_file():
        print(f"links: {site} holds no built site: run `make site` first", file=sys.stderr)
        return 2

    links = external_links(site)
    print(f"links: checking {len(links)} external addresses linked from {site}")
    broken, unverified = [], []
    for number, url in enumerate(sorted(links)):
        if number:
            time.sleep(args.delay)
        status, description = status_of(url, args.timeout)
        if status is not None and status < 400:
            continue
        (unverified if status in UNVERIFIABLE and not args.strict else broken).append((url, description))

    for title, rows in (("could not verify (the server refuses automated requests)", unverified),
                        ("BROKEN", broken)):
        for url, description in rows:
            print(f"{title}: {url}: {description}")
            for page in sorted(links[url]):
                print(f"  linked from {page}")
    print(f"links: {len(links)} checked, {len(broken)} broken, {len(unverified)} unverified")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
