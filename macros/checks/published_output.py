"""The last step of every build: the output policy over the built site (checks/output_policy.py)."""

from __future__ import annotations

import importlib
from dataclasses import replace
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit

from macros.content.model import Handbook
from macros.checks.output_policy import Allowed, allowed_for_site, describe, enforce_site, iframe_worker_scripts, judge, page_depth
from macros.content.source import read_config
from macros.paths import GLOSSARY_FILE, REFERENCES_FILE, SYNONYMS_FILE, language_root, site_path

THEME_OVERRIDES = "macros/theme"


def theme_templates(theme: str) -> Path:
    """The installed theme package's templates and assets: Material's, or Zensical's own copy of them."""
    return Path(importlib.import_module(theme).__file__).parent / "templates"


def site_allowance(root: Path, site: Path, site_url: str | None = None, live_reload: bool = False,
                   theme: str = "material") -> Allowed:
    """What the theme and mkdocs.yml may put into pages: the pinned theme's files and our own."""
    templates = theme_templates(theme)  # its own scripts and styles are allowed, by exact path
    config = read_config(root)
    extra = config.get("extra") or {}
    scripts = [str(s) for s in (config.get("extra_javascript") or []) + (extra.get("polyfills") or [])]
    site_url = str(config.get("site_url") or "") if site_url is None else site_url
    root_path = urlsplit(site_url).path or "/"
    depth = page_depth(site)
    allowed = allowed_for_site(depth, (str(templates), str(root / THEME_OVERRIDES)), scripts,
                               [str(s) for s in config.get("extra_css") or []], templates / "assets", root_path)
    own = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    return replace(allowed, runtime_scripts=_search_frame_scripts(root, scripts, templates, depth), site_url=own,
                   live_reload=live_reload)


def _search_frame_scripts(root: Path, scripts: list[str], templates: Path, depth: int) -> frozenset[str]:
    """What the vendored iframe-worker shim runs to start search from file://, for every page depth."""
    shim = next((root / "docs" / s for s in scripts if "iframe-worker" in s), None)
    if shim is None or not shim.is_file():
        return frozenset()
    workers = [p.relative_to(templates).as_posix() for p in (templates / "assets/javascripts/workers").glob("search.*.js")]
    urls = ["../" * d + w for w in workers for d in range(depth)]
    return iframe_worker_scripts(shim.read_text(encoding="utf-8"), urls)


def check_site(site: Path, handbook: Handbook, jobs: int = 1, site_url: str | None = None,
               live_reload: bool = False, theme: str = "material", translations: Mapping[str, Handbook] = {}) -> list[str]:
    """Judge every page of the built site, add its Content-Security-Policy; 'path:line: message' per finding.

    `site_url`: the address the builder used, when it is not mkdocs.yml's (`mkdocs serve` sets its own);
    `live_reload`: the pages will be served by MkDocs' dev server; `theme`: the package whose
    templates wrote the pages (Zensical ships its own copy of Material's); `translations`: the handbook
    in each other language, whose site is under /<language>/.
    """
    root = Path(handbook.root)
    data = [(name, (root / name).read_text(encoding="utf-8"))
            for name in (GLOSSARY_FILE, REFERENCES_FILE, SYNONYMS_FILE) if (root / name).is_file()]
    books = {language_root(code): book for code, book in translations.items()} | {"": handbook}
    by_output = {prefix: {site_path(page.path, False): page.path for page in book.pages.values()}
                 for prefix, book in books.items()}

    def sources_of(output: str) -> list[tuple[str, str]]:
        """The page's own source first (a Markdown page, or a file copied as it is), then all content of
        its language."""
        prefix = next((p for p in books if p and output.startswith(p)), "")
        book, inner = books[prefix], output.removeprefix(prefix)
        everything = sorted(book.texts.items()) + data
        own = by_output[prefix].get(inner)
        if own in book.texts:
            return [(book.translations[own].file if own in book.translations else own, book.texts[own])] + everything
        copied = root / "docs" / inner
        if copied.is_file():
            return [("docs/" + inner, copied.read_text(encoding="utf-8", errors="replace"))] + everything
        return everything

    return enforce_site(site, site_allowance(root, site, site_url, live_reload, theme), sources_of, jobs)


def check_documents(documents: dict[str, str], handbook: Handbook, allowed: Allowed = Allowed()) -> list[str]:
    """The output policy over documents we write ourselves (site path -> HTML); 'path:line: message' each."""
    sources = sorted(handbook.texts.items())
    return [describe(finding, where, sources) for where, html in documents.items()
            for finding in judge(html, where, allowed).findings]


def check_markdown_downloads(files: dict[str, bytes], handbook: Handbook) -> list[str]:
    """The Markdown downloads, rendered as a Markdown viewer would, held to the same output policy."""
    import markdown

    return check_documents({f"downloads/{name}": markdown.markdown(data.decode("utf-8"),
                                                                    extensions=["attr_list", "md_in_html", "tables"])
                            for name, data in sorted(files.items()) if name.endswith(".md")}, handbook)
