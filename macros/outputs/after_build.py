"""Our own step over the folder a builder wrote, for what no builder knows: where a checklist's text
really lives (its "Edit this page" link), the search tuning (synonyms, keywords, glossary) and each
page's address in the other languages (in the sitemap)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import justhtml
from markupsafe import escape

from macros.content.model import Handbook
from macros.outputs import reader_aids
from macros.outputs.language_links import sitemap_with_languages
from macros.outputs.search_index import build_index, tune_index, write_index
from macros.paths import checklist_page, site_path

SEARCH_INDEX = Path("search") / "search_index.json"
# The theme's own search engine (its worker and lunr): assets/js/search.js stands in for it.
THEME_SEARCH = (Path("assets") / "javascripts" / "workers", Path("assets") / "javascripts" / "lunr")
OFFLINE_INDEX = Path("search") / "search_index.js"  # Material's offline plugin: the index, inlined
OFFLINE_PREFIX = "var __index = "


def tune_search(site: Path, handbook: Handbook, directory_urls: bool) -> bool:
    """Build our search index from the builder's documents, and leave the builder's index with its
    settings only (the theme still reads them; docs/assets/js/search.js answers the queries); False if
    the builder wrote no index."""
    index_file = site / SEARCH_INDEX
    if not index_file.exists():
        return False
    index = tune_index(json.loads(index_file.read_text(encoding="utf-8")), handbook, directory_urls)
    write_index(site, build_index(index["docs"], handbook.language))
    for unused in THEME_SEARCH:
        shutil.rmtree(site / unused, ignore_errors=True)
    text = json.dumps({"config": index["config"], "docs": []}, ensure_ascii=False, separators=(",", ":"))
    index_file.write_text(text, encoding="utf-8")
    if (site / OFFLINE_INDEX).exists():
        (site / OFFLINE_INDEX).write_text(OFFLINE_PREFIX + text, encoding="utf-8")
    return True


def edit_link(html: str) -> str | None:
    """The page's "Edit this page" address, as the theme wrote it (rel="edit"), or None."""
    found = justhtml.JustHTML(html, sanitize=False).query('a[rel~="edit"]')
    return found[0].attrs.get("href") if found else None


def point_edit_links(site: Path, handbook: Handbook, directory_urls: bool) -> int:
    """Point each checklist page's edit link at checklists/<id>.md, where its text lives; returns how many."""
    changed = 0
    for checklist in handbook.checklists.values():
        page = checklist_page(checklist.id)
        output = site / site_path(page, directory_urls)
        html = output.read_text(encoding="utf-8") if output.exists() else ""
        old = edit_link(html)
        if not old:
            continue
        new = reader_aids.edit_url(old, page, checklist)
        written = f'href="{escape(old)}"'
        if written in html and new != old:
            output.write_text(html.replace(written, f'href="{escape(new)}"'), encoding="utf-8")
            changed += 1
    return changed


SITEMAP = "sitemap.xml"


def link_languages_in_sitemap(site: Path, language: str, site_url: str | None) -> bool:
    """Add every page's address in each language to the sitemap the builder wrote (and its gzipped copy,
    byte-stable); False where there is no public address, so no sitemap entries."""
    sitemap = site / SITEMAP
    if not site_url or not sitemap.exists():
        return False
    text = sitemap_with_languages(sitemap.read_text(encoding="utf-8"), language, site_url)
    sitemap.write_text(text, encoding="utf-8")
    if (site / f"{SITEMAP}.gz").exists():
        (site / f"{SITEMAP}.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return True
