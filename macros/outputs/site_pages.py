"""Every site page as the plain Markdown a site builder renders.

Our code expands each page's literal macro calls, puts the reader's header (topics, freshness, the
case facts or chapter downloads) and footer (related cases, "Cite this page") around it, and gives
the summary as the page's description. A builder (MkDocs, ProperDocs, Zensical) then only renders
Markdown: it runs none of our code and no template made from contributor text, and nothing a reader
sees depends on a builder's plugin or hook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from html import escape
from pathlib import Path
from typing import Mapping

import yaml

from macros.content.macro_calls import Part, expand
from macros.content.model import CaseStudy, Chapter, Handbook, Page
from macros.outputs import language_links, reader_aids, site_html
from macros.outputs.macro_registry import RENDERERS
from macros.paths import DOCS, Here, printable

BUILDER_OFF = "render_macros"  # the macros plugin's switch; pages given to a builder are already expanded
MODEL_ONLY = {BUILDER_OFF, "events"}  # front matter the model reads and no builder needs


@dataclass(frozen=True)
class SiteContext:
    """What pages show beyond the model: the edition, the git history and the sizes of the downloads."""

    edition: reader_aids.Edition
    last_changed: dict[str, str] = field(default_factory=dict)
    pdf_manifest: dict = field(default_factory=dict)  # download path -> {"bytes": ...}, from the PDF step
    data_sizes: dict[str, int] = field(default_factory=dict)  # open data file -> bytes
    directory_urls: bool = False


def site_context(root: Path, config: Mapping, pdf_manifest: dict, data: dict[str, str]) -> SiteContext:
    """The context for this repository and configuration (mkdocs.yml as read, or as a builder holds it);
    `data`: the open data files the site publishes (open_data.data_files)."""
    return SiteContext(
        edition=reader_aids.Edition(str((config.get("extra") or {}).get("edition", "1.0")), config.get("site_url") or None),
        last_changed=reader_aids.git_last_changed(root),
        pdf_manifest=pdf_manifest,
        data_sizes={name: len(text.encode()) for name, text in data.items()},
        directory_urls=bool(config.get("use_directory_urls", True)))


def here(handbook: Handbook, page_path: str, context: SiteContext) -> Here:
    return Here(page_path, context.directory_urls, handbook.language)


def macros_for(handbook: Handbook, at: Here, downloads: tuple[dict, dict] = ({}, {})) -> dict:
    """Every registered macro, bound to the model and the page; `downloads` (the PDF manifest and the
    open data sizes) is what the downloads table shows. The site and the PDFs both expand with these."""
    extra = {"downloads_table": downloads}
    return {name: partial(renderer, handbook, at, *extra.get(name, ())) for name, renderer in RENDERERS.items()}


def expanded(handbook: Handbook, page_path: str, context: SiteContext, parts: list[Part]) -> str:
    """A parsed page body as Markdown: text as written, each literal call replaced by its output."""
    at = here(handbook, page_path, context)
    return expand(parts, macros_for(handbook, at, (context.pdf_manifest, context.data_sizes)))


def page_words(handbook: Handbook) -> str:
    """The site's words the page's scripts say (assets/js/a11y.js), in the page's language."""
    words = handbook.ui
    return (f'<span hidden data-t2-words data-table="{escape(words["table_scroll"])}" '
            f'data-table-untitled="{escape(words["table_scroll_untitled"])}" data-comma="{escape(words["comma"])}">'
            "</span>")


def framed(handbook: Handbook, page_path: str, context: SiteContext, body: str) -> str:
    """The body under its language links (and, translated, a note on the translation), with the reader's
    header and footer (chapters, checklists, case studies), or with its print links under the title
    (briefs, decision aids and templates)."""
    at = here(handbook, page_path, context)
    languages = "\n\n".join(filter(None, [language_links.language_line(handbook, at),
                                           language_links.translation_note(handbook, at), page_words(handbook)]))
    body = language_links.in_source_language(handbook, page_path, body)
    if printable(page_path):
        return _after_title(body, languages + "\n\n" + site_html.printable_downloads(handbook, at, page_path))
    item = reader_aids.item_at(handbook, page_path)
    if item is None:
        return _after_title(body, languages)
    header = [reader_aids.topic_line(at, item, handbook.ui),
              reader_aids.freshness_line(item, context.last_changed, handbook.ui)]
    footer = [reader_aids.citation_block(item, context.edition)]
    if isinstance(item, Chapter):
        header.append(site_html.chapter_downloads(handbook, at, item.id))
    if isinstance(item, CaseStudy):
        translation = handbook.translations.get(page_path)
        if translation and translation.summary_only:  # the gist in the reader's language, above the English
            header.append(f'<p class="t2-case-summary">{escape(item.summary)}</p>')
        header.append(site_html.case_facts(handbook, at, item.id))
        header.append(site_html.case_timeline(handbook, at, item.id))
        footer.insert(0, site_html.case_links(handbook, at, item.id))
    return _after_title("\n\n".join([*header, body, *footer]), languages)


def _after_title(body: str, block: str) -> str:
    """The body with a block after its first level-1 heading (or at the top if it has none)."""
    lines = body.split("\n")
    at = next((n + 1 for n, line in enumerate(lines) if line.startswith("# ")), 0)
    return "\n".join(lines[:at] + ["", block, ""] + lines[at:])


def description(handbook: Handbook, page_path: str) -> str | None:
    # Material writes the description into <meta content="..."> without escaping it.
    summary = site_html.page_summary(handbook, page_path)
    return escape(summary) if summary else None


def _plain(value):
    """Front matter values without the loader's line-number wrappers, so YAML writes them as data."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def page_markdown(handbook: Handbook, page: Page, context: SiteContext) -> str:
    """The whole file a builder reads for one page: front matter, then the finished body."""
    meta = {key: _plain(value) for key, value in page.meta.items() if key not in MODEL_ONLY}
    summary = description(handbook, page.path)
    if summary:
        meta["description"] = summary
    body = expanded(handbook, page.path, context, page.parts) if page.macros else page.body
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) if meta else ""
    return (f"---\n{front}---\n\n" if front else "") + framed(handbook, page.path, context, body)


def site_sources(handbook: Handbook, context: SiteContext) -> dict[str, str]:
    """docs/-relative path -> the Markdown a builder renders, for every page of the site."""
    return {page.path.removeprefix(f"{DOCS}/"): page_markdown(handbook, page, context)
            for page in handbook.pages.values()}
