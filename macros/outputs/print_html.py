"""Print HTML for the PDF downloads, built from the content model (never from the site's screen HTML).

Pure functions: `documents(handbook, site)` returns every PDF to make, each with its complete print
HTML. Chapter and page Markdown goes through the same macros as the site (site_html.py, bound to the
handbook and a print `Here`), then through python-markdown. Links are then re-pointed: to an anchor
inside the same PDF when the target is in it, otherwise to the page on the site.

Anchors are made unique across a whole PDF by prefixing every id with the page it came from:
`handbook/step-1-assess--conflict-analysis` is the heading `conflict-analysis` of
docs/handbook/step-1-assess.md.
"""

from __future__ import annotations

import base64
import datetime as dt
import posixpath
import re
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path

import justhtml
import markdown as md

from macros.outputs import site_html, site_pages
from macros.outputs.language_links import in_source_language
from macros.outputs.checklist_view import FOLLOW_UP, labelled, must_mark_html, must_note_html, version_line
from macros.content import vocab
from macros.content.languages import BY_CODE
from macros.content.macro_calls import expand
from macros.content.model import Chapter, Checklist, ChecklistItem, Handbook, Page
from macros.outputs.navigation import nav_files
from macros.content.source import read_config
from macros import paths
from macros.paths import SCHEME, link_target

HANDBOOK_NAV_SECTION = "Handbook"
LOGO = "docs/assets/favicon.svg"
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "def_list", "footnotes",
                       "pymdownx.details", "pymdownx.superfences", "pymdownx.smartsymbols", "toc"]
LINK_MARK = "t2-print:"  # canonical href while a document is assembled: t2-print:<repo path>#<anchor>

# A space between text and an inline element, e.g. 'see <a ...>': see _glue_spaces().
SPACE_BEFORE_INLINE = re.compile(
    r" (<(?:a|abbr|b|cite|code|del|em|i|ins|kbd|mark|q|s|small|span|strong|sub|sup|u)\b[^>]*>)")
TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(\s[^<>]*?)?(/?)>")
ATTR = re.compile(r'(\s)(id|for|href|src|aria-describedby|aria-labelledby)="([^"]*)"')


@dataclass(frozen=True)
class PrintSite:
    """What the print templates need from mkdocs.yml and the repository, read once."""

    name: str
    description: str
    author: str
    copyright: str
    site_url: str  # "" when mkdocs.yml has none; else ends with "/"
    chapters: tuple[str, ...]  # repository paths of the nav's Handbook section, in order
    logo: str  # data: URL of the site logo, or ""
    language: str = "en"  # the language the documents are in (in_language)


@dataclass(frozen=True)
class Document:
    path: str  # relative output path under downloads/: checklists/participant-selection.pdf, fr/checklists/...
    title: str
    kind: str  # checklist | toolkit | handbook
    html: str
    direction: str = "ltr"  # its language's: a right-to-left document's page boxes change sides (print-rtl.css)


# --- reading the site configuration (the only I/O in this module) ---------------------------------


def print_site(root: Path) -> PrintSite:
    config = read_config(root)
    url = str(config.get("site_url") or "").strip()
    logo_file = root / LOGO
    logo = ("data:image/svg+xml;base64," + base64.b64encode(logo_file.read_bytes()).decode()
            if logo_file.is_file() else "")
    return PrintSite(name=str(config.get("site_name") or ""),
                     description=" ".join(str(config.get("site_description") or "").split()),
                     author=str(config.get("site_author") or ""),
                     copyright=" ".join(str(config.get("copyright") or "").split()),
                     site_url=url.rstrip("/") + "/" if url else "", chapters=tuple(handbook_nav(config)),
                     logo=logo)


def in_language(site: PrintSite, handbook: Handbook) -> PrintSite:
    """The print settings for a handbook's language: its own site name and description, and an address
    under the language's folder, which its documents link to."""
    if handbook.language == site.language:
        return site
    return replace(site, name=handbook.ui["site_name"], description=" ".join(handbook.ui["site_description"].split()),
                   site_url=site.site_url + paths.language_root(handbook.language) if site.site_url else "",
                   language=handbook.language)


def handbook_nav(config: dict) -> list[str]:
    """Repository paths of the pages under the nav's Handbook section, in reading order."""
    for entry in config.get("nav") or []:
        if isinstance(entry, dict) and HANDBOOK_NAV_SECTION in entry:
            return ["docs/" + f for f in nav_files(entry[HANDBOOK_NAV_SECTION])]
    return []


# --- every document --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A top-level division of a toolkit or the handbook, starting on a new page."""

    anchor: str
    title: str
    html: str
    sections: tuple[tuple[str, str], ...] = ()  # (anchor, title) listed under it in the contents


def documents(handbook: Handbook, site: PrintSite) -> list[Document]:
    """Every PDF of the handbook's language: each checklist in A4 and Letter, each brief, decision aid and
    template in A4 and Letter, one toolkit per step, the whole handbook."""
    site = in_language(site, handbook)
    docs = []
    for checklist in sorted(handbook.checklists.values(), key=lambda c: c.id):
        docs.append(checklist_document(handbook, site, checklist.id, "a4"))
        docs.append(checklist_document(handbook, site, checklist.id, "letter"))
    for page in sorted(handbook.pages.values(), key=lambda p: p.path):
        if paths.printable(page.path):
            docs += [printable_document(handbook, site, page, paper) for paper in ("a4", "letter")]
    docs += [toolkit_document(handbook, site, step) for step in vocab.STEPS]
    docs.append(handbook_document(handbook, site))
    return docs


def checklist_document(handbook: Handbook, site: PrintSite, checklist_id: str, paper: str = "a4") -> Document:
    cl = handbook.checklists[checklist_id]
    path = paths.checklist_files(cl.id)[paper]
    page_url = site.site_url + paths.site_path(paths.checklist_page(cl.id), False)
    words = handbook.ui
    footer = (f"{site.name} · {cl.title} · {words['version']} {cl.version}{words['comma']} "
              f"{words['reviewed_lower']} {words.date(cl.reviewed)}")
    body = (f'<div class="t2-doc t2-single t2-paper-{paper}" data-footer="{escape(footer)}" '
            f'data-address="{escape(page_url)}">' + checklist_block(handbook, cl, level=1, follow_up=True) + "</div>")
    return _document(handbook, site, path, cl.title, "checklist", body, cl.reviewed, cl.summary, cl.keywords)


def printable_document(handbook: Handbook, site: PrintSite, page: Page, paper: str) -> Document:
    """A brief or a decision aid as its page reads on the site, set compactly to fit its sheets."""
    page_url = site.site_url + paths.site_path(page.path, False)
    reviewed = page.meta.get("reviewed")
    words = handbook.ui
    footer = " · ".join(filter(None, [site.name, page.title,
                                      f"{words['reviewed_lower']} {words.date(reviewed)}" if reviewed else ""]))
    kind = paths.printable(page.path).kind
    html = page_html(handbook, page)
    if kind == "template":
        html = fillable(html, page.path, words)
    body = (f'<div class="t2-doc t2-single t2-printable t2-{kind}-doc t2-paper-{paper}" data-footer="{escape(footer)}" '
            f'data-address="{escape(page_url)}">{html}</div>')
    date = reviewed if isinstance(reviewed, dt.date) else _latest(*handbook.chapters.values())
    return _document(handbook, site, paths.printable_files(page.path)[paper], page.title, kind, body, date,
                     str(page.meta.get("summary", "")), [])


LINE_PT = 11  # the height of one handwritten line in a space to write in


def fillable(html: str, page_path: str, words: dict[str, str]) -> str:
    """A template's print HTML with its blank form as PDF form fields: each blank() a multi-line field
    named by its label, each empty cell of the form's tables a one-line field named by its column and
    row. Fields are numbered in reading order; the example, which fills the same form, starts a page."""
    document = justhtml.JustHTML(html, fragment=True, sanitize=False)
    form_id, example_id = anchor_id(page_path, vocab.TEMPLATE_FORM), anchor_id(page_path, vocab.TEMPLATE_EXAMPLE)
    fields = 0
    in_form = False
    for node in list(document.root.children):
        if node.name == "h2":
            in_form = node.attrs.get("id") == form_id
            if node.attrs.get("id") == example_id:
                node.attrs["class"] = "t2-example-start"
        if not in_form or not isinstance(node, justhtml.Element):
            continue
        for space, label in _blank_spaces(node):
            fields += 1
            space.name = "textarea"
            lines = int(space.parent.attrs.get("data-lines", "3"))
            space.attrs = {"name": f"field-{fields}", "title": label, "style": f"height: {lines * LINE_PT + 3}pt"}
        for cell, label in _empty_cells(node, words):
            fields += 1
            cell.attrs["class"] = "t2-field-cell"
            cell.append_child(justhtml.Element("input", {"type": "text", "name": f"field-{fields}", "title": label},
                                               "html"))
    return document.to_html(pretty=False)


def _blank_spaces(node) -> list:
    """(space, its label) of every blank() in a block."""
    blanks = [node] if "t2-blank" in node.attrs.get("class", "").split() else node.query(".t2-blank")
    return [(blank.query_one(".t2-blank__space"), blank.query_one(".t2-blank__label").to_text().strip())
            for blank in blanks]


def _empty_cells(node, words: dict[str, str]) -> list:
    """(cell, 'Column, row n') of every empty body cell of a block's tables."""
    cells = []
    for table in ([node] if node.name == "table" else node.query("table")):
        columns = [th.to_text().strip() for th in table.query("thead th")]
        for row_number, row in enumerate(table.query("tbody tr"), 1):
            row_label = next((c.to_text().strip() for c in row.query("td") if c.to_text().strip()), "")
            for column, cell in enumerate(row.query("td")):
                if cell.to_text().strip() or cell.query("*"):
                    continue
                name = (columns[column] if column < len(columns) and columns[column]
                        else words["column"].replace("#", str(column + 1)))
                row_name = row_label or words["row"].replace("#", str(row_number))
                cells.append((cell, f"{name}{words['comma']} {row_name}"))
    return cells


def toolkit_document(handbook: Handbook, site: PrintSite, step: str) -> Document:
    chapter = step_chapter(handbook, step)
    lists = step_checklists(handbook, step)
    words = handbook.ui
    step_name = site_html.shown(handbook, "steps", step)
    title = words["toolkit_for"].replace("%step", step_name)
    parts = []
    if chapter:  # only the In brief section is in the toolkit: links to the rest of the chapter go online
        brief = section_html(page_html(handbook, chapter.page), anchor_id(chapter.page.path, "in-brief"))
        parts.append(_part(anchor_id(chapter.page.path, "in-brief"), words["in_brief"].replace("%chapter", chapter.title),
                           "t2-brief", brief, lead=escape(chapter.summary)))
    parts += [_checklist_part(handbook, cl) for cl in lists]
    date = _latest(chapter, *lists)
    count = words.counted("checklists", len(lists))
    cover = _cover(handbook, site, title, words["toolkit"], words["toolkit_blurb"].replace("%count", count), date)
    body = _book(handbook, site, title, date, cover, parts, "t2-toolkit")
    return _document(handbook, site, paths.toolkit_file(step), title, "toolkit", body, date,
                     words["toolkit_description"].replace("%step", step_name).replace("%count", count), [])


def handbook_document(handbook: Handbook, site: PrintSite) -> Document:
    by_path = {c.page.path: c for c in handbook.chapters.values()}
    lists = sorted(handbook.checklists.values(), key=lambda c: (list(vocab.STEPS).index(c.step), c.title))
    parts = [_chapter_part(handbook, handbook.pages[path], by_path.get(path))
             for path in site.chapters if path in handbook.pages]
    parts.append(_listing_part(handbook, paths.GLOSSARY_PAGE, "t2-glossary-part", site_html.glossary_list))
    parts.append(_listing_part(handbook, paths.REFERENCES_PAGE, "t2-references-part", site_html.reference_list))
    appendix = "".join(_checklist_part(handbook, cl, level=2).html for cl in lists)
    words = handbook.ui
    parts.append(_part("appendix-checklists", words["appendix_checklists"], "t2-appendix", appendix,
                       lead=words["appendix_lead"].replace("#", str(len(lists))),
                       sections=tuple((anchor_id(paths.checklist_page(c.id)), c.title) for c in lists)))
    title = site.name or "Handbook"
    date = _latest(*handbook.chapters.values(), *lists)
    cover = _cover(handbook, site, title, words["whole_handbook"], site.description, date)
    body = _book(handbook, site, title, date, cover, parts, "t2-handbook")
    return _document(handbook, site, paths.HANDBOOK_FILE, title, "handbook", body, date, site.description, [])


# --- parts of documents ----------------------------------------------------------------------------


def _book(handbook: Handbook, site: PrintSite, title: str, date: dt.date, cover: str, parts: list[Part],
          kind: str) -> str:
    names = [site.name] + ([title] if title != site.name else [])
    footer = " · ".join(names + [f"{handbook.ui['content_reviewed_lower']} {handbook.ui.date(date)}"])
    return (f'<div class="t2-doc t2-book {kind}" data-running="{escape(title)}" data-footer="{escape(footer)}" '
            f'data-address="{escape(site.site_url)}">{cover}{_toc(parts, handbook.ui)}'
            + "".join(part.html for part in parts) + "</div>")


def _part(anchor: str, title: str, css_class: str, inner: str, lead: str = "", sections=()) -> Part:
    lead_html = f'<p class="t2-lead">{lead}</p>' if lead else ""
    return Part(anchor, title, f'<section class="t2-part {css_class}" id="{escape(anchor)}">'
                               f"<h1>{escape(title)}</h1>{lead_html}{inner}</section>", tuple(sections))


def _chapter_part(handbook: Handbook, page: Page, chapter: Chapter | None) -> Part:
    body = page_html(handbook, page)
    lead = escape(chapter.summary) if chapter else ""
    sections = tuple((anchor_id(page.path, h.anchor), h.title) for h in page.headings if h.level == 2)
    return _part(anchor_id(page.path), page.title, "t2-chapter", body, lead=lead, sections=sections)


def _listing_part(handbook: Handbook, path: str, css_class: str, listing) -> Part:
    """Glossary or references: the site's own listing macro, under the page's title and summary."""
    page = handbook.pages[path]
    body = page_html(handbook, page, listing(handbook, _here(path, handbook.language)))
    return _part(anchor_id(path), page.title, css_class, body,
                 lead=escape(str(page.meta.get("summary", ""))))


def _checklist_part(handbook: Handbook, cl: Checklist, level: int = 1) -> Part:
    return Part(anchor_id(paths.checklist_page(cl.id)), cl.title,
                '<section class="t2-part t2-checklist-part">' + checklist_block(handbook, cl, level) + "</section>")


def _toc(parts: list[Part], words: dict[str, str]) -> str:
    """Clickable contents with page numbers (print.css adds them with target-counter)."""
    items = []
    for part in parts:
        subs = "".join(f'<li><a href="#{escape(a)}">{escape(t)}</a></li>' for a, t in part.sections)
        items.append(f'<li><a href="#{escape(part.anchor)}">{escape(part.title)}</a>'
                     + (f"<ol>{subs}</ol>" if subs else "") + "</li>")
    return f'<nav class="t2-toc"><h1 id="contents">{escape(words["contents"])}</h1><ol>{"".join(items)}</ol></nav>'


def _cover(handbook: Handbook, site: PrintSite, title: str, kicker: str, blurb: str, date: dt.date) -> str:
    # Tagged PDF (PDF/UA) requires a text alternative even for a logo.
    logo = f'<img class="t2-logo" src="{site.logo}" alt="{escape(site.name)}">' if site.logo else ""
    address = f'<p class="t2-cover-url" dir="ltr">{escape(site.site_url)}</p>' if site.site_url else ""
    return (f'<section class="t2-cover">{logo}<p class="t2-kicker">{escape(site.name)} · {escape(kicker)}</p>'
            f'<p class="t2-cover-title">{escape(title)}</p><p class="t2-cover-blurb">{escape(blurb)}</p>'
            f'<p class="t2-cover-date">{escape(handbook.ui["content_reviewed"])} {escape(handbook.ui.date(date))}</p>{address}'
            f'<p class="t2-cover-licence" lang="en" dir="ltr">{escape(site.copyright)}</p></section>')  # mkdocs.yml's English


def checklist_block(handbook: Handbook, cl: Checklist, level: int, follow_up: bool = False) -> str:
    """A checklist for print: purpose, when and by whom, sections of items with fillable boxes; with
    `follow_up` (a checklist's own PDF), each item also gets owner, due date and evidence fields."""
    h, hs = f"h{level}", f"h{level + 1}"
    words = handbook.ui
    facts = (f'<dl class="t2-facts"><dt>{escape(words["use_it"])}</dt><dd>{escape(cl.use_when)}</dd>'
             f'<dt>{escape(words["used_by"])}</dt><dd>{escape(cl.used_by)}</dd>'
             f'<dt>{escape(words["step"])}</dt><dd>{escape(site_html.shown(handbook, "steps", cl.step))} · '
             f'{escape(version_line(cl, words))}</dd></dl>')
    out = [f'<p class="t2-kicker">{escape(words["checklist"])}</p><{h} class="t2-checklist-title">{escape(cl.title)}</{h}>',
           f'<div class="t2-purpose"><p class="t2-lead">{escape(cl.summary)}</p>{_markdown(cl.intro)}</div>', facts,
           must_note_html(cl, words)]
    for section in cl.sections:
        out.append(f'<section class="t2-cl-section"><{hs} id="{escape(section.id)}">{escape(section.title)}</{hs}>')
        if section.intro:
            out.append(_markdown(section.intro))
        out.append('<ul class="t2-items">' + "".join(_item(handbook, cl, item, follow_up) for item in section.items)
                   + "</ul>")
        out.append("</section>")
    page = paths.checklist_page(cl.id)
    # Ids belong to the checklist's site page; links in notes are relative to the checklist source file.
    inner = localize("\n".join(out), cl.path, handbook.root, id_page=page)
    return f'<div class="t2-checklist" id="{escape(anchor_id(page))}">{inner}</div>'


def _follow_up(item: ChecklistItem, words: dict[str, str]) -> str:
    """Owner, due date and evidence under an item of a checklist's own PDF: text fields, ruled for pen
    too, named by the item's id in every language."""
    cells = "".join(f'<span class="t2-fu t2-fu-{key}">{escape(words[key])}'
                    f'<input type="text" name="{escape(item.id)}__{key}" '
                    f'title="{escape(labelled(words, key))} {escape(site_html.plain(item.text))}"></span>'
                    for key in FOLLOW_UP)
    return f'<div class="t2-follow-up">{cells}</div>'


def _item(handbook: Handbook, cl: Checklist, item: ChecklistItem, follow_up: bool = False) -> str:
    """One item: a real checkbox named by the item's stable id, its text, its note and where it is explained."""
    text = _inline(escape(item.text, quote=False))
    note = _inline(item.note) if item.note else ""
    why = ""
    if item.link:
        where = explained_in(handbook, _resolve(item.link.target, cl.path)) or item.link.text
        why = (f' <span class="t2-why">{escape(handbook.ui["explained_in"])} '
               f'<a href="{escape(item.link.target)}">{escape(where)}</a></span>')
    must = labelled(handbook.ui, "must_do")
    tooltip = f"{must} {site_html.plain(item.text)}" if item.must else site_html.plain(item.text)
    return (f'<li class="t2-item{" t2-item-must" if item.must else ""}" id="{escape(item.id)}">'
            f'<input type="checkbox" name="{escape(item.id)}" title="{escape(tooltip)}">'
            f'<div class="t2-item-body"><p class="t2-item-text">{must_mark_html(item, handbook.ui)}{text}</p>'
            f'<p class="t2-note">{note}{why}</p>{_follow_up(item, handbook.ui) if follow_up else ""}</div></li>')


def explained_in(handbook: Handbook, target: str) -> str | None:
    """'Chapter › Section' for a link target like docs/handbook/x.md#anchor, if it is a known heading."""
    path, _, anchor = target.partition("#")
    page = handbook.pages.get(path)
    if page is None:
        return None
    heading = page.anchor(anchor) if anchor else None
    return f"{page.title} › {heading.title}" if heading else page.title


# --- Markdown with the site's macros ---------------------------------------------------------------


def _here(path: str, language: str) -> paths.Here:
    """The print context: file URLs (page.html), which localize() maps back to repository paths."""
    return paths.Here(path, directory_urls=False, language=language, printed=True)


def expand_macros(handbook: Handbook, page: Page) -> str:
    """The page's Markdown with its literal macro calls expanded as on the site (no Jinja runs)."""
    if not page.macros:
        return page.body
    return expand(page.parts, site_pages.macros_for(handbook, _here(page.path, handbook.language)))


_BLOCK_MD = md.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs={"toc": {"permalink": False}})
_INLINE_MD = md.Markdown()  # what site_html.inline_markdown uses (default extensions)


def _markdown(text: str) -> str:
    # One converter, reset before each use: footnotes and toc keep per-text state; building a
    # converter costs more than converting a checklist item (a thousand items per build).
    return _BLOCK_MD.reset().convert(text)


def _inline(text: str) -> str:
    """Same output as site_html.inline_markdown, with the shared converter."""
    return re.sub(r"^<p>(.*)</p>$", r"\1", _INLINE_MD.reset().convert(text), flags=re.S)


def page_html(handbook: Handbook, page: Page, generated: str | None = None) -> str:
    """A page's body (or Markdown we generated for it) as print HTML, ids prefixed, links made canonical."""
    source = expand_macros(handbook, page) if generated is None else generated
    return localize(_markdown(in_source_language(handbook, page.path, source)), page.path, handbook.root)


HEADING = re.compile(r"^h([1-6])$")


def section_html(html: str, anchor: str) -> str:
    """The part of rendered HTML under the heading with this id, up to the next heading of its level.

    Cut from the rendered page rather than from its source, so the section is exactly what the whole
    page renders, and no slice of contributor text is ever rendered on its own.
    """
    top = [n for n in justhtml.JustHTML(html, sanitize=False, track_node_locations=True, fragment=True).root.children
           if isinstance(n, justhtml.Element)]
    for index, node in enumerate(top):
        level = HEADING.match(node.name)
        if level and (node.attrs or {}).get("id") == anchor:
            end = next((n.origin_offset for n in top[index + 1:]
                        if HEADING.match(n.name) and int(HEADING.match(n.name).group(1)) <= int(level.group(1))),
                       len(html))
            return html[node._end_tag_end:end].strip()
    return ""


# --- anchors and links -----------------------------------------------------------------------------


def anchor_id(repo_path: str, anchor: str = "") -> str:
    """A PDF-wide unique id for a heading of a page: docs/handbook/x.md + a -> handbook/x--a."""
    page = repo_path.removeprefix("docs/").removesuffix(".md")
    return f"{page}--{anchor}" if anchor else page


def _resolve(href: str, source: str) -> str:
    """A relative link (to a .md source or a generated .html page) in `source` as 'repo/path.md#anchor'."""
    target, anchor = link_target(source, href)
    if target.startswith("docs/") and target.endswith(".html"):
        target = target.removesuffix(".html") + ".md"
    return f"{target}#{anchor}" if anchor else target


def localize(html: str, source: str, root: str, id_page: str | None = None) -> str:
    """Prefix ids with their page, make site links canonical (LINK_MARK) and local images file URLs.

    `source` is the repository file the HTML came from: Markdown links are relative to it, and so are
    the macros' URLs (rendered for a print Here at the same path with file URLs). Ids and #fragments
    belong to `id_page`, the site page that shows them (default: the source itself).
    """
    page_path = id_page or source

    def attr(m: re.Match) -> str:
        space, name, value = m.groups()
        if name == "href":
            value = _canonical_href(value, source, page_path)
        elif name == "src":
            value = _image_src(value, source, root)
        else:
            value = " ".join(anchor_id(page_path, v) for v in value.split())
        return f'{space}{name}="{value}"'

    return TAG.sub(lambda t: ATTR.sub(attr, t.group(0)) if t.group(2) else t.group(0), html)


def _canonical_href(href: str, source: str, page_path: str) -> str:
    if href.startswith(LINK_MARK) or SCHEME.match(href) or href.startswith("//"):
        return href  # already canonical, or external (https:, mailto:) and left as written
    if href.startswith("#"):
        return LINK_MARK + page_path + href
    return LINK_MARK + _resolve(href, source)


def _image_src(src: str, source: str, root: str) -> str:
    # Local images become file URLs; the PDF renderer's URL fetcher decides what it may read.
    if SCHEME.match(src) or src.startswith("//"):
        return src
    return Path(root, link_target(source, src)[0]).as_uri()


def finish_links(html: str, doc_path: str, site_url: str, language: str = "en") -> str:
    """Point each canonical link inside the PDF when its target is in it, else at the site page in the
    document's language (`site_url` is that language's address, or empty)."""
    ids = set(re.findall(r'\sid="([^"]*)"', html))
    from_dir = posixpath.dirname(paths.downloaded(doc_path, language))  # relative links start from the PDF's folder

    def href(m: re.Match) -> str:
        target = m.group(1)
        path, _, anchor = target.partition("#")
        inside = anchor_id(path, anchor) if path else None
        if inside in ids:
            return f'href="#{escape(inside)}"'
        if not path.startswith("docs/"):
            return 'data-unlinked=""'  # nothing on the site to point at (cannot happen for validated content)
        page = paths.site_path(path, False) if path.endswith(".md") else path.removeprefix("docs/")
        fragment = f"#{anchor}" if anchor else ""
        url = site_url + page if site_url else posixpath.relpath(paths.language_root(language) + page, from_dir)
        return f'href="{escape(url + fragment)}"'

    return re.sub(r'href="' + re.escape(LINK_MARK) + r'([^"]*)"', href, html)


# --- the HTML document -----------------------------------------------------------------------------


def _latest(*things) -> dt.date:
    """The newest review date among chapters and checklists: the document's fixed creation date."""
    return max((t.reviewed for t in things if t is not None), default=dt.date(2000, 1, 1))


def _document(handbook: Handbook, site: PrintSite, path: str, title: str, kind: str, body: str, date: dt.date,
              description: str, keywords: list[str]) -> Document:
    # A fixed date (the content's review date) keeps the PDF bytes identical from build to build.
    meta = [("author", site.author), ("description", site_html.plain(description)), ("generator", site.name),
            ("keywords", ", ".join(keywords)), ("dcterms.created", date.isoformat()),
            ("dcterms.modified", date.isoformat())]
    head = "".join(f'<meta name="{n}" content="{escape(v)}">' for n, v in meta if v)
    language, words = BY_CODE[handbook.language], handbook.ui
    # The page numbers' words, for print.css's margin box ("Page 2 of 5").
    numbers = f'data-page="{escape(words["page_number"])}" data-of="{escape(words["page_of"])}"'
    html = (f'<!DOCTYPE html>\n<html lang="{language.code}" dir="{language.direction}"><head><meta charset="utf-8">'
            f'<title>{escape(title)}</title>{head}</head><body {numbers}>{_glue_spaces(body)}</body></html>\n')
    return Document(paths.download_path(path, handbook.language), title, kind,
                    finish_links(html, path, site.site_url, handbook.language), language.direction)


def _glue_spaces(html: str) -> str:
    """Move the space before an inline element inside it: 'see <a>X</a>' -> 'see<a> X</a>'.

    WeasyPrint 70 (with Pango 1.50) counts the trailing space of a text run that ends at an inline
    element in the line's width; when that space is what overflows, it breaks the line after the
    first word instead (a one-word line in mid-paragraph). Starting the inline element with the space
    renders the same text without the bad break.
    """
    return SPACE_BEFORE_INLINE.sub(r"\1 ", html)


def step_chapter(handbook: Handbook, step: str) -> Chapter | None:
    return next((c for c in handbook.chapters.values() if c.step == step), None)


def step_checklists(handbook: Handbook, step: str) -> list[Checklist]:
    return sorted((c for c in handbook.checklists.values() if c.step == step), key=lambda c: c.title)
