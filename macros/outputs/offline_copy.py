"""The list of files a reader's browser saves for offline use (offline.json, read by assets/js/offline.js).

One list per language, at that language's root (/offline.json, /fr/offline.json...): every file of that
language's site with its size and a hash, in two groups: "site" (pages, search index, styles, scripts,
fonts, images: what reading, navigating and searching need) and "downloads" (the language's PDFs, Word
and Markdown files, and the open data, saved only if the reader asks). Paths are relative to the
language's root; `root` leads from there to the site root, where the service worker lives. The offline
bundles and the lists themselves are left out. The version is a hash of the whole list: a browser with
an older version replaces what changed.

The same files, with the search index for pages opened from disk, make each language's offline bundle
(downloads/offline.zip, downloads/fr/offline.zip...), to unzip and read from disk.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from macros.content.languages import ENGLISH, TRANSLATED
from macros.paths import DOWNLOADS, OFFLINE_BUNDLE, OFFLINE_LIST, download_of, downloaded, language_root

NOT_SAVED = {OFFLINE_LIST, "sitemap.xml", "sitemap.xml.gz",
             "search/search_index.js"}  # the index again, for pages opened from disk (the offline bundle)
# Source maps only serve theme developers, and the 404 page only a web server (its links are
# root-relative): readers offline need neither.
NOT_BUNDLED = {"404.html"}
SKIPPED_SUFFIXES = {".map"}
# Saved with the downloads: only the kit builder uses it, and only with the PDFs at hand.
WITH_DOWNLOADS = ("assets/vendor/pdf-lib/",)


def file_entry(site: Path, path: Path, root: str) -> dict:
    """A file, with its path from the language's root (`root`: that root, from the site root)."""
    data = path.read_bytes()
    name = path.relative_to(site).as_posix()
    return {"path": "../" * root.count("/") + name if not name.startswith(root) else name.removeprefix(root),
            "bytes": len(data), "hash": hashlib.sha256(data).hexdigest()[:16],
            "group": "downloads" if name.startswith((f"{DOWNLOADS}/", f"{root}{WITH_DOWNLOADS[0]}")) else "site"}


def _of_language(name: str, language: str) -> bool:
    """Whether a file (its path from the language's root; downloads from the site root) is part of that
    language's site: its own pages and assets, and the downloads its pages link (paths.downloaded), but
    no offline bundle."""
    if any(name.endswith(suffix) for suffix in SKIPPED_SUFFIXES) or name.rsplit("/", 1)[-1] == OFFLINE_BUNDLE:
        return False
    if name.startswith(f"{DOWNLOADS}/"):
        return downloaded(download_of(name), language) == name
    return not (language == ENGLISH.code and name.split("/")[0] in TRANSLATED)


def saved(name: str, language: str = ENGLISH.code) -> bool:
    """Whether a file of a language's site goes in the copy a browser saves for offline use."""
    return name not in NOT_SAVED and _of_language(name, language)


def bundled(name: str, language: str = ENGLISH.code) -> bool:
    """Whether a file of a language's site goes in its offline bundle, read from disk."""
    return name not in NOT_BUNDLED and _of_language(name, language)


def language_files(site: Path, language: str, keep=saved) -> list[Path]:
    """The files of one language's site that `keep` keeps, sorted by path: those under its root, then
    (for a translation) its downloads under the site root."""
    root = language_root(language)
    own = [p for p in sorted((site / root).rglob("*")) if p.is_file()
           and keep(p.relative_to(site / root).as_posix(), language)]
    shared = [p for p in sorted((site / DOWNLOADS).rglob("*")) if p.is_file() and root
              and keep(p.relative_to(site).as_posix(), language)]
    return own + shared


def offline_list(site: Path, language: str = ENGLISH.code) -> dict:
    """The offline list of one language's site: its version, the way to the site root and its files, sorted
    by path (its downloads included)."""
    root = language_root(language)
    files = [file_entry(site, path, root) for path in language_files(site, language)]
    version = hashlib.sha256("".join(f"{f['path']}\0{f['hash']}\n" for f in files).encode()).hexdigest()[:16]
    return {"version": version, "root": "../" * root.count("/"), "files": files}


def write_offline_lists(site: Path) -> list[Path]:
    """Each language's offline list, at its root."""
    targets = []
    for language in (ENGLISH.code, *TRANSLATED):
        target = site / language_root(language) / OFFLINE_LIST
        target.write_text(json.dumps(offline_list(site, language), separators=(",", ":")) + "\n", encoding="utf-8")
        targets.append(target)
    return targets
