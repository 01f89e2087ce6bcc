"""The list of files a reader's browser saves for offline use (offline.json, read by assets/js/offline.js).

Every file of the built site with its size and a hash, in two groups: "site" (pages, search index,
styles, scripts, fonts, images: what reading, navigating and searching need) and "downloads" (PDFs, Word
and Markdown files, saved only if the reader asks). The offline bundle and this list itself are left
out. The version is a hash of the whole list: a browser with an older version replaces what changed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from macros.paths import DOWNLOADS, OFFLINE_BUNDLE, OFFLINE_LIST, downloaded

NOT_SAVED = {OFFLINE_LIST, downloaded(OFFLINE_BUNDLE), "sitemap.xml", "sitemap.xml.gz",
             "search/search_index.js"}  # the index again, for pages opened from disk (the offline bundle)
# Material's search support for languages other than English (3 MB), and source maps for theme developers.
NOT_SAVED_FOLDERS = ("assets/javascripts/lunr/",)
SKIPPED_SUFFIXES = {".map"}
# Saved with the downloads: only the kit builder uses it, and only with the PDFs at hand.
WITH_DOWNLOADS = ("assets/vendor/pdf-lib/",)


def file_entry(site: Path, path: Path) -> dict:
    data = path.read_bytes()
    name = path.relative_to(site).as_posix()
    return {"path": name, "bytes": len(data), "hash": hashlib.sha256(data).hexdigest()[:16],
            "group": "downloads" if name.startswith((f"{DOWNLOADS}/", *WITH_DOWNLOADS)) else "site"}


def saved(name: str) -> bool:
    """Whether a file of the built site (its path from the site root) goes in the offline copy."""
    return name not in NOT_SAVED and not name.startswith(NOT_SAVED_FOLDERS) and \
        not any(name.endswith(suffix) for suffix in SKIPPED_SUFFIXES)


def offline_list(site: Path) -> dict:
    """The offline list of a built site: its version and its files, sorted by path."""
    files = [file_entry(site, path) for path in sorted(site.rglob("*"))
             if path.is_file() and saved(path.relative_to(site).as_posix())]
    version = hashlib.sha256("".join(f"{f['path']}\0{f['hash']}\n" for f in files).encode()).hexdigest()[:16]
    return {"version": version, "files": files}


def write_offline_list(site: Path) -> Path:
    target = site / OFFLINE_LIST
    target.write_text(json.dumps(offline_list(site), separators=(",", ":")) + "\n", encoding="utf-8")
    return target
