"""What a page says about its language: links to the same page in the other languages, and, on a
translated site, whether this page is translated, by what method, reviewed by whom, and whether the
English has changed since. Every string comes from the site's words (docs/_data/ui.yml and its
translations) and is escaped here."""

from __future__ import annotations

from html import escape
from xml.etree import ElementTree

from macros.content.languages import ENGLISH, LANGUAGES
from macros.content.model import Handbook, Translation
from macros.paths import Here, checklist_page, language_root, language_url, url

REPORT_PAGE = "docs/contributing.md"
REPORT_ANCHOR = "translations"


def language_line(handbook: Handbook, here: Here) -> str:
    """The same page in every language, the current one marked; each name in its own language."""
    items = []
    for language in LANGUAGES:
        name = f'lang="{language.code}" dir="{language.direction}"'
        if language.code == here.language:
            items.append(f'<li><span {name} aria-current="page">{escape(language.name)}</span></li>')
        else:
            items.append(f'<li><a href="{escape(language_url(here, language.code))}" hreflang="{language.code}" '
                         f'{name}>{escape(language.name)}</a></li>')
    return (f'<nav class="t2-languages" data-search-exclude aria-label="{escape(handbook.ui["languages"])}">'
            f'<ul>{"".join(items)}</ul></nav>')


def translation_of(handbook: Handbook, page_path: str) -> Translation | None:
    """A page's translation: its own file's, or for a checklist's page, whose words all come from the
    checklist, the checklist file's."""
    found = handbook.translations.get(page_path)
    if found is None:
        checklist = next((c for c in handbook.checklists.values() if checklist_page(c.id) == page_path), None)
        found = handbook.translations.get(checklist.path) if checklist else None
    return found


def translation_note(handbook: Handbook, here: Here) -> str:
    """On a translated site: how this page was translated, or that it is not (empty in English)."""
    if handbook.language == ENGLISH.code:
        return ""
    words = handbook.ui
    english = (f'<a href="{escape(language_url(here, ENGLISH.code))}" hreflang="en" lang="en">'
               f'{escape(words["read_english"])}</a>')
    translation = translation_of(handbook, here.path)
    if translation is None:
        return (f'<p class="t2-translation t2-untranslated" role="note" data-search-exclude>'
                f'{escape(words["untranslated"])} {english}</p>')
    review = (escape(words["not_reviewed"]) if translation.native_review == "none"
              else f'{escape(words["reviewed_by"])} {escape(translation.native_review)}')
    report = f'<a href="{escape(url(here, REPORT_PAGE, REPORT_ANCHOR))}">{escape(words["report_problem"])}</a>'
    note = (f'<p class="t2-translation" role="note" data-search-exclude>{escape(words["machine_assisted"])} '
            f'{review} {report}</p>')
    if translation.summary_only:
        note += (f'\n<p class="t2-translation t2-untranslated" role="note" data-search-exclude>'
                 f'{escape(words["summary_only"])} {english}</p>')
    if translation.stale:
        note += f'\n<p class="t2-translation t2-stale" role="note">{escape(words["stale"])} {english}</p>'
    return note


def in_source_language(handbook: Handbook, page_path: str, body: str) -> str:
    """An untranslated page's English text (or a case's, where only its summary is translated), marked as English (and left to right) on a translated site, so
    screen readers pronounce it as English and Arabic pages do not reorder its punctuation."""
    translation = translation_of(handbook, page_path)
    if handbook.language == ENGLISH.code or (translation and not translation.summary_only):
        return body
    return f'<div lang="{ENGLISH.code}" dir="{ENGLISH.direction}" markdown="1">\n\n{body}\n\n</div>'


def sitemap_with_languages(sitemap: str, language: str, site_url: str) -> str:
    """A language's sitemap with each page's address in every language (hreflang, as search engines read
    it; the theme's own script reads the same entries). Written only where the public address is known."""
    base = site_url.rstrip("/") + "/"
    ns = {"": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
    for prefix, uri in ns.items():
        ElementTree.register_namespace(prefix, uri)
    tree = ElementTree.fromstring(sitemap)
    for entry in tree.findall(f"{{{ns['']}}}url"):
        loc = entry.find(f"{{{ns['']}}}loc")
        path = loc.text.strip().removeprefix(base + language_root(language))
        for other in [*LANGUAGES, None]:
            link = ElementTree.SubElement(entry, f"{{{ns['xhtml']}}}link")
            link.set("rel", "alternate")
            link.set("hreflang", other.code if other else "x-default")
            link.set("href", base + language_root(other.code if other else ENGLISH.code) + path)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(tree, encoding="unicode") + "\n"
