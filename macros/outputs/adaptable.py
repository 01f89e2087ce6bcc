"""Adaptable downloads: every checklist as an editable Word file and as plain Markdown, from the model.

Organisations copy a checklist into their own templates, translate it or cut it down. These are
pure functions of the content model; the caller writes the files (see `adaptable_files`).

Decisions, so that both formats stay predictable:

- **Same text as the site.** Item texts are inline Markdown whose HTML is shown as text (as on the
  site); notes and intros are Markdown that may use the inline HTML tags the validator allows
  (`markdown_scan.ALLOWED_TAGS`); titles, summary, "Use it" and "Used by" are plain text. Any other
  HTML is shown as text, never interpreted, in both formats, and control characters that XML cannot
  hold are dropped.
- **Addresses.** Every link points at the published site: `site_url` + the page's file URL
  (`handbook/step-3-prepare.html#participant-selection`) when a site URL is known, else that
  site-relative path. Links in notes and intros, written relative to the checklist source, are
  rewritten the same way, so a downloaded file never carries a repository path.
- **Item ids, kept but discreet.** The site saves ticks under each item's stable id, so an adapted
  copy that keeps the ids can be matched item by item with the site and with the open data. In
  Markdown each item line ends with an HTML comment, `- [ ] Item text <!-- id: ps-purpose -->`,
  which Markdown viewers hide and editors keep. In Word each item paragraph carries a bookmark
  named after the id with hyphens as underscores (`ps_purpose`; Word's bookmark names allow no
  hyphens), listed under Insert > Bookmark and invisible in the text.
- **Deterministic Word files.** Core property dates are the checklist's review date, the zip
  entries are written in a fixed order with that same date, and the template's thumbnail (a preview
  of an empty page) and application name are replaced, so the same content gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser

import justhtml
import markdown as md
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.run import Run

from macros.content import markdown_scan as scan
from macros.content import vocab
from macros.content.languages import BY_CODE, ENGLISH
from macros.content.model import Checklist, Handbook, Page
from macros.outputs import print_html
from macros.outputs.site_html import shown
from macros.outputs.checklist_view import FOLLOW_UP, has_must, labelled, version_line
from macros.paths import (SCHEME, checklist_files, checklist_page, language_root, link_target, printable,
                          printable_files, site_path)

HANDBOOK = "Track II Peacemaking Handbook"
AUTHOR = "Track II Peacemaking Handbook contributors"
LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
LICENCE_LINE = f"{LICENCE}, {HANDBOOK}"
BOX = "\u2610"  # ☐ BALLOT BOX
ITEM_ID_COMMENT = "<!-- id: {id} -->"

# Word styles the document defines, so an organisation restyles every item or note at once.
ITEM_STYLE, ITEM_STYLE_ID = "Checklist Item", "ChecklistItem"
NOTE_STYLE, NOTE_STYLE_ID = "Checklist Note", "ChecklistNote"
LINK_STYLE, LINK_STYLE_ID = "Hyperlink", "Hyperlink"  # Word's built-in name for link text
NOTE_GREY = RGBColor(0x59, 0x59, 0x59)  # 7:1 contrast on white
LINK_BLUE = RGBColor(0x05, 0x63, 0xC1)
CODE_FONT = "Courier New"
ITEM_INDENT = Cm(0.65)

SAFE_SCHEMES = ("http:", "https:", "mailto:")
# Characters XML 1.0 cannot hold (and lone surrogates, which UTF-8 cannot encode).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
ENTITY_AMP = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
MD_PUNCT = re.compile(r"([\\`*_\[\]#~])")
# '<' starting an allowed tag or an autolink is kept; any other '<' is shown as text.
ANGLE = re.compile(scan.HTML_TAG.pattern + "|" + scan.AUTOLINK.pattern + "|<", re.I)
BOOKMARK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
ZIP_FIRST = "[Content_Types].xml"
APP_XML = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           f"<Application>{HANDBOOK} (python-docx)</Application><DocSecurity>0</DocSecurity>"
           "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
           "<HyperlinksChanged>false</HyperlinksChanged></Properties>").encode()


# --- addresses ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """Where one language's handbook is published: the site's address (None: addresses are relative to
    the site root) and the language, whose pages are under its own folder (paths.language_root)."""

    site_url: str | None
    language: str = ENGLISH.code


def _base(at: Published) -> str:
    return at.site_url.rstrip("/") + "/" if at.site_url else ""


def page_address(repo_path: str, at: Published, anchor: str = "") -> str:
    """Where a docs/ page is published in the language: absolute with a site URL, else relative to the
    site root."""
    return (_base(at) + language_root(at.language) + site_path(repo_path, directory_urls=False)
            + (f"#{anchor}" if anchor else ""))


def checklist_address(checklist: Checklist, at: Published) -> str:
    return page_address(checklist_page(checklist.id), at)


def link_address(checklist: Checklist, target: str, at: Published) -> str:
    """The published address of a link written in a checklist source (notes, intros, item texts)."""
    if SCHEME.match(target):
        return target
    return published_address(*link_target(checklist.path, target, checklist_page(checklist.id)), at)


def published_address(repo: str, anchor: str, at: Published) -> str:
    """Where a repository file is published: a docs/ page at its page address in the language, any other
    file under docs/ (one for every language) at its path in the site."""
    if repo.startswith("docs/") and repo.endswith(".md"):
        return page_address(repo, at, anchor)
    return _base(at) + repo.removeprefix("docs/") + (f"#{anchor}" if anchor else "")


def _explanation(handbook: Handbook, checklist: Checklist, item) -> tuple[str, str] | None:
    """(title, link target) of the handbook section that explains an item: the heading's title as the
    chapter shows it, else the link's own text."""
    if item.link is None:
        return None
    repo, anchor = link_target(checklist.path, item.link.target, checklist_page(checklist.id))
    page = handbook.pages.get(repo)
    heading = page.anchor(anchor) if page and anchor else None
    title = heading.title if heading else (page.title if page and not anchor else "")
    return _one_line(title or item.link.text or handbook.ui["why"]), item.link.target


# --- text --------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return NOT_XML.sub("", text or "")


ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _one_line(text: str) -> str:
    """Runs of spaces and line breaks as one space; a no-break space (French puts one before a colon) stays."""
    return ASCII_SPACE.sub(" ", _clean(text)).strip(" ")


CORE_PROPERTY_LIMIT = 255  # characters Word's core properties hold (python-docx refuses more)


def _property(text: str) -> str:
    """One line for a document property, shortened at a word if too long; the full text is in the body."""
    text = _one_line(text)
    if len(text) <= CORE_PROPERTY_LIMIT:
        return text
    return text[:CORE_PROPERTY_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _sentence(text: str) -> str:
    text = _one_line(text)
    return text if not text or text[-1] in ".!?…" else text + "."


def md_plain(text: str, block_start: bool = False) -> str:
    """Plain text (a title, the summary) as Markdown that shows exactly that text. `block_start`:
    the text starts a paragraph, where '1.' or '-' would start a list."""
    text = ENTITY_AMP.sub("&amp;", _one_line(text)).replace("<", "&lt;").replace(">", "&gt;")
    text = MD_PUNCT.sub(r"\\\1", text)
    if block_start:
        text = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", text)  # not an ordered list
        text = re.sub(r"^([-+=])(?=\s|$)", r"\\\1", text)  # not a bullet or a setext underline
    return text


def _outside_code(text: str, change) -> str:
    """Apply `change` to the text outside `code spans`, which Markdown shows verbatim anyway."""
    out, last = [], 0
    for span in scan.CODE_SPAN.finditer(text):
        out += [change(text[last:span.start()]), span.group(0)]
        last = span.end()
    return "".join(out + [change(text[last:])])


def _allowed_tag(match: re.Match) -> bool:
    tag, attrs = match.group(2), match.group(3) or ""
    if tag.lower() not in scan.ALLOWED_TAGS or scan.EVENT_ATTR.search(attrs):
        return False
    return all(name.lower() in scan.ALLOWED_ATTRS for name in re.findall(r"([A-Za-z-]+)\s*=", attrs))


def _html_as_text(text: str, keep_allowed: bool) -> str:
    """Escape '<' (and '&' that would start an entity) unless it starts an allowed tag or autolink."""
    def angle(m: re.Match) -> str:
        if m.group(2) and keep_allowed and _allowed_tag(m):
            return m.group(0)
        if m.group(4) and keep_allowed:  # <https://...>
            return m.group(0)
        return "&lt;" + m.group(0)[1:]
    return ANGLE.sub(angle, ENTITY_AMP.sub("&amp;", text) if not keep_allowed else text)


def _rewrite_links(text: str, checklist: Checklist, at: Published) -> str:
    """Point every link (outside code spans) at its published address; a link with a scheme other
    than http, https or mailto keeps only its text."""
    code = [span.span() for span in scan.CODE_SPAN.finditer(text)]

    def link(m: re.Match) -> str:
        if any(start <= m.start() < end for start, end in code):
            return m.group(0)
        scheme = SCHEME.match(m.group(3))
        if scheme and scheme.group(0).lower() not in SAFE_SCHEMES:
            return m.group(2)
        return f"{m.group(1)}[{m.group(2)}]({link_address(checklist, m.group(3), at)})"
    return scan.INLINE_LINK.sub(link, text)


def md_item_text(text: str, checklist: Checklist, at: Published) -> str:
    """An item text as Markdown: its Markdown kept, its HTML shown as text (as on the site)."""
    text = _rewrite_links(_one_line(text), checklist, at)
    return _outside_code(text, lambda part: _html_as_text(part, keep_allowed=False))


def md_markdown(text: str, checklist: Checklist, at: Published, one_line: bool = False) -> str:
    """A note or an intro: Markdown and allowed inline HTML kept, other HTML shown as text."""
    lines, fence = [], None
    for line in (_one_line(text) if one_line else _clean(text).strip()).split("\n"):
        marker = scan.FENCE.match(line)
        if fence or marker:
            if marker:
                fence = None if fence == marker.group(1) else (fence or marker.group(1))
            lines.append(line)
            continue
        line = _rewrite_links(line, checklist, at)
        lines.append(_outside_code(line, lambda part: _html_as_text(part, keep_allowed=True)))
    return "\n".join(lines)


def _not_block(text: str) -> str:
    """A note becomes its own paragraph: keep a leading '1.', '-', '>' or '#' from starting a block."""
    text = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", text)
    return re.sub(r"^(?:[-+*](?=\s)|#(?=#{0,5}(?:\s|$))|>)", lambda m: "\\" + m.group(0), text)


# --- Markdown ----------------------------------------------------------------------------------


def checklist_markdown(handbook: Handbook, checklist: Checklist, site_url: str | None) -> str:
    """A self-contained Markdown document: a GitHub-style task list per section, each item followed
    by its note and the address of the handbook section that explains it."""
    cl = checklist
    words = handbook.ui
    at = Published(site_url, handbook.language)
    address = checklist_address(cl, at)
    out = [
        f"# {md_plain(cl.title)}", "",
        md_plain(cl.summary, block_start=True), "",
        f"**{md_plain(labelled(words, 'use_it'))}** {md_plain(_sentence(cl.use_when))}", "",
        f"**{md_plain(labelled(words, 'used_by'))}** {md_plain(_sentence(cl.used_by))}", "",
        f"**{md_plain(labelled(words, 'step'))}** {md_plain(shown(handbook, 'steps', cl.step))} · "
        f"{md_plain(version_line(cl, words))}", "",
    ]
    if cl.intro.strip():
        out += [md_markdown(cl.intro, cl, at), ""]
    if has_must(cl):
        out += [f"**{md_plain(labelled(words, 'must_do'))}** " + md_plain(words["must_do_note"]), ""]
    for section in cl.sections:
        out += [f"## {md_plain(section.title)}", ""]
        if section.intro.strip():
            out += [md_markdown(section.intro, cl, at), ""]
        for item in section.items:
            must = f"**{md_plain(labelled(words, 'must_do'))}** " if item.must else ""
            out.append(f"- [ ] {must}{md_item_text(item.text, cl, at)} {ITEM_ID_COMMENT.format(id=item.id)}")
            note = _not_block(md_markdown(item.note, cl, at, one_line=True)) if item.note.strip() else ""
            why = _explanation(handbook, cl, item)
            if why:
                where = link_address(cl, why[1], at)
                section = f"[{md_plain(why[0])}]({where})" if site_url else f"{md_plain(why[0])} ({where})"
                note = f"{note} {md_plain(labelled(words, 'explained_in'))} {section}".strip()
            if note:
                out += ["", f"  {note}"]
            out.append("")
    out += [
        "---", "",
        f"[{LICENCE}]({LICENCE_URL}){words['comma']} {md_plain(words['site_name'])}. "
        f"{md_plain(labelled(words, 'this_checklist'))} {f'<{address}>' if site_url else address}", "",
        f"{md_plain(words['adapt_freely'])} {md_plain(words['keep_ids'])} (`{ITEM_ID_COMMENT.format(id='...')}`)", "",
    ]
    return "\n".join(out).rstrip("\n") + "\n"


# --- Word: inline Markdown to runs -------------------------------------------------------------

_FORMAT = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "cite": "italic", "code": "code",
           "kbd": "code", "s": "strike", "del": "strike", "u": "underline", "ins": "underline",
           "sub": "subscript", "sup": "superscript"}
_BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "div", "dt", "dd"}


class _Spans(HTMLParser):
    """python-markdown's HTML as blocks of spans (text, formats, href); unknown tags keep only their text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, list[tuple[str, frozenset, str | None]]]] = [("p", [])]
        self.formats: list[str] = []
        self.hrefs: list[str | None] = []
        self.lists: list[str] = []
        self.pre = 0

    def _start_block(self, kind: str) -> None:
        if self.blocks[-1][1]:
            self.blocks.append((kind, []))
        elif self.blocks[-1][0] not in ("ul", "ol"):
            self.blocks[-1] = (kind, [])

    def handle_starttag(self, tag, attrs):
        if tag in _FORMAT:
            self.formats.append(_FORMAT[tag])
        elif tag == "a":
            self.hrefs.append(dict(attrs).get("href"))
        elif tag == "br":
            self._add("\n")
        elif tag == "q":
            self._add("\u201c")
        elif tag == "img":
            self._add(dict(attrs).get("alt") or "")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            self._start_block(self.lists[-1] if self.lists else "ul")
        elif tag in _BLOCK:
            if tag == "pre":
                self.pre += 1
            self._start_block(tag)

    def handle_endtag(self, tag):
        if tag in _FORMAT and _FORMAT[tag] in self.formats:
            del self.formats[len(self.formats) - 1 - self.formats[::-1].index(_FORMAT[tag])]
        elif tag == "a" and self.hrefs:
            self.hrefs.pop()
        elif tag == "q":
            self._add("\u201d")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in _BLOCK or tag == "li":
            if tag == "pre" and self.pre:
                self.pre -= 1
            if self.blocks[-1][1]:
                self.blocks.append(("p", []))

    def handle_data(self, data):
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if not self.blocks[-1][1]:
                data = data.lstrip()
        self._add(data)

    def _add(self, text: str) -> None:
        if text:
            href = next((h for h in reversed(self.hrefs) if h), None) if self.hrefs else None
            self.blocks[-1][1].append((text, frozenset(self.formats), href))

    def result(self):
        blocks = []
        for kind, spans in self.blocks:
            if spans:
                last = spans[-1]
                spans[-1] = (last[0].rstrip(" "), last[1], last[2])
                blocks.append((kind, [s for s in spans if s[0]]))
        return [b for b in blocks if b[1]]


_CONVERTER = md.Markdown()  # reset before each use, like print_html.py's shared converters


def _spans(markdown_text: str, inline: bool) -> list:
    parser = _Spans()
    parser.feed(_CONVERTER.reset().convert(markdown_text))
    parser.close()
    blocks = parser.result()
    if inline:  # one paragraph: join whatever blocks there are
        return [("p", [span for _, spans in blocks for span in spans])] if blocks else []
    return blocks


# Inline Markdown formats and how each is set on a python-docx run.
RUN_FORMATS = {
    "bold": lambda run: setattr(run, "bold", True),
    "italic": lambda run: setattr(run, "italic", True),
    "code": lambda run: setattr(run.font, "name", CODE_FONT),
    "strike": lambda run: setattr(run.font, "strike", True),
    "underline": lambda run: setattr(run, "underline", True),
    "subscript": lambda run: setattr(run.font, "subscript", True),
    "superscript": lambda run: setattr(run.font, "superscript", True),
}


def _format_run(run: Run, formats: frozenset) -> None:
    for name in formats & RUN_FORMATS.keys():
        RUN_FORMATS[name](run)


def _hyperlink(paragraph, address: str, pieces: list[tuple[str, frozenset]], tooltip: str | None = None):
    """A real w:hyperlink with an external relationship (to the site or to another web address)."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(address, RT.HYPERLINK, is_external=True))
    if tooltip:
        link.set(qn("w:tooltip"), tooltip)
    link.set(qn("w:history"), "1")
    for text, formats in pieces:
        r = OxmlElement("w:r")
        link.append(r)
        r.get_or_add_rPr().style = LINK_STYLE_ID  # by id: looking styles up by name is slow
        run = Run(r, paragraph)
        run.text = text
        _format_run(run, formats)
    paragraph._p.append(link)
    return link


def _add_spans(paragraph, spans) -> None:
    """Runs for spans; consecutive spans with the same link become one hyperlink."""
    index = 0
    while index < len(spans):
        text, formats, href = spans[index]
        if href is None:
            _format_run(paragraph.add_run(text), formats)
            index += 1
            continue
        group = []
        while index < len(spans) and spans[index][2] == href:
            group.append(spans[index][:2])
            index += 1
        _hyperlink(paragraph, href, group)  # already a published address (see md_markdown)


# --- Word: the document ------------------------------------------------------------------------


def _styles(document, language: str) -> None:
    styles = document.styles
    item = styles.add_style(ITEM_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    item.style_id = ITEM_STYLE_ID
    item.base_style = styles["Normal"]
    item.font.bold = True
    item.paragraph_format.left_indent = ITEM_INDENT
    item.paragraph_format.first_line_indent = -ITEM_INDENT
    item.paragraph_format.tab_stops.add_tab_stop(ITEM_INDENT)
    item.paragraph_format.space_before = Pt(8)
    item.paragraph_format.space_after = Pt(0)
    item.paragraph_format.keep_with_next = True  # an item never ends a page without its note

    note = styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note.style_id = NOTE_STYLE_ID
    note.base_style = styles["Normal"]
    note.font.size = Pt(9)
    note.font.color.rgb = NOTE_GREY
    note.paragraph_format.left_indent = ITEM_INDENT
    note.paragraph_format.space_before = Pt(2)
    note.paragraph_format.space_after = Pt(4)

    link = styles.add_style(LINK_STYLE, WD_STYLE_TYPE.CHARACTER)
    link.style_id = LINK_STYLE_ID
    link.font.color.rgb = LINK_BLUE
    link.font.underline = True

    footer = styles["Footer"]
    footer.font.size = Pt(8)
    footer.font.color.rgb = NOTE_GREY

    # The language Word checks spelling in (Arabic is a "complex script" language: w:bidi).
    defaults = styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}") if defaults is not None else None
    if lang is not None:
        spelling = BY_CODE[language].spelling
        lang.set(qn("w:val"), spelling if BY_CODE[language].direction == "ltr" else ENGLISH.spelling)
        if BY_CODE[language].direction == "rtl":
            lang.set(qn("w:bidi"), spelling)


def _properties(document, title: str, summary: str, keywords: list[str], category: str, address: str,
                version: str, reviewed: dt.date, language: str) -> None:
    when = dt.datetime(reviewed.year, reviewed.month, reviewed.day, tzinfo=dt.timezone.utc)
    props = document.core_properties
    props.title = _property(title)
    props.subject = _property(summary)
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.language = language
    props.keywords = _property(", ".join(_one_line(k) for k in keywords))
    props.category = category
    props.comments = _property(f"{LICENCE_LINE}. Source: {address}")
    props.identifier = address
    props.version = _one_line(version)
    props.revision = 1
    props.created = when
    props.modified = when


def _new_document(title: str, summary: str, keywords: list[str], category: str, address: str, version: str,
                  reviewed: dt.date, language: str):
    """An A4 Word document with our styles and properties, and no thumbnail (a preview of an empty page)."""
    document = Document()
    _page(document)
    _styles(document, language)
    _properties(document, title, summary, keywords, category, address, version, reviewed, language)
    for r_id, rel in list(document.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            document.part.package.rels.pop(r_id)
    return document


def _saved(document, address: str, reviewed: dt.date, handbook: Handbook) -> bytes:
    _footer(document, address, handbook.ui)
    if BY_CODE[handbook.language].direction == "rtl":
        _right_to_left(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue(), reviewed)


COMPLEX_SCRIPT = (("w:b", "w:bCs"), ("w:i", "w:iCs"), ("w:sz", "w:szCs"))  # Latin property, its twin for Arabic


def _right_to_left(document) -> None:
    """An Arabic document: every paragraph and table right to left, and bold, italic and sizes applied
    to Arabic letters too (Word formats them by the complex-script twin of each property)."""
    defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    defaults.insert(0, OxmlElement("w:bidi"))  # first in pPr's sequence, before spacing
    footer = document.sections[0].footer._element
    for root in (document.styles.element, document.element, footer):
        for properties in root.iter(qn("w:rPr")):
            for latin, twin in COMPLEX_SCRIPT:
                found = properties.find(qn(latin))
                if found is not None and properties.find(qn(twin)) is None:
                    added = OxmlElement(twin)
                    for name, value in found.attrib.items():
                        added.set(name, value)
                    found.addnext(added)  # the twin follows its property in rPr's sequence
    for table in document.element.body.iter(qn("w:tbl")):
        properties = table.find(qn("w:tblPr"))
        before = [c for c in properties if c.tag in (qn("w:tblStyle"), qn("w:tblpPr"), qn("w:tblOverlap"))]
        properties.insert(properties.index(before[-1]) + 1 if before else 0, OxmlElement("w:bidiVisual"))


def _page(document) -> None:
    """A4 with 2 cm margins, like the handbook's main PDFs; Word users on Letter paper get it rescaled."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)


def _footer(document, address: str, words) -> None:
    footer = document.sections[0].footer
    first = footer.paragraphs[0]
    _hyperlink(first, LICENCE_URL, [(LICENCE, frozenset())])
    first.add_run(f"{words['comma']} {words['site_name']}")
    second = footer.add_paragraph(style="Footer")
    _hyperlink(second, address, [(address, frozenset())])
    second.add_run(f" · {words['page_number']} ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    field.append(r)
    Run(r, second).text = "1"
    second._p.append(field)


def _bookmark(paragraph, number: int, item_id: str):
    """Mark an item paragraph with its id (hyphens become underscores), if Word accepts the name."""
    name = item_id.replace("-", "_")
    if not BOOKMARK_NAME.match(name):
        return None
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    paragraph._p.append(start)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    return end


def _labelled(document, label: str, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}: ").bold = True
    paragraph.add_run(text)
    paragraph.paragraph_format.space_after = Pt(2)


def _paragraph(document, style_id: str | None = None):
    paragraph = document.add_paragraph()
    if style_id:
        paragraph._p.get_or_add_pPr().style = style_id  # by id: looking styles up by name is slow
    return paragraph


def _blocks(document, blocks) -> None:
    list_style = {"ul": "ListBullet", "ol": "ListNumber"}
    for kind, spans in blocks:
        _add_spans(_paragraph(document, list_style.get(kind)), spans)


FOLLOW_UP_WIDTHS = (Cm(4.5), Cm(3), Cm(7.5))


def _follow_up_row(document, words) -> None:
    """A row of cells under an item to type in: owner, due date, evidence that it was done."""
    table = document.add_table(rows=1, cols=len(FOLLOW_UP))
    table.style = document.styles["Table Grid"]
    for cell, key, width in zip(table.rows[0].cells, FOLLOW_UP, FOLLOW_UP_WIDTHS):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.style = document.styles[NOTE_STYLE]
        paragraph.paragraph_format.left_indent = Cm(0)
        paragraph.add_run(labelled(words, key) + " ")


def checklist_docx(handbook: Handbook, checklist: Checklist, site_url: str | None) -> bytes:
    """An editable Word document of a checklist: the same text and order as the site, each item a
    paragraph '☐ item text' followed by its note and a hyperlink to the section that explains it."""
    cl = checklist
    at = Published(site_url, handbook.language)
    address = checklist_address(cl, at)
    words = handbook.ui
    document = _new_document(cl.title, cl.summary, cl.keywords, words["checklist"], address, cl.version, cl.reviewed,
                             handbook.language)

    document.add_heading(_one_line(cl.title), level=1)
    document.add_paragraph(_one_line(cl.summary), style="Subtitle")
    _labelled(document, words["use_it"], _sentence(cl.use_when))
    _labelled(document, words["used_by"], _sentence(cl.used_by))
    _labelled(document, words["step"], f"{shown(handbook, 'steps', cl.step)} · {version_line(cl, words)}")
    if cl.intro.strip():
        _blocks(document, _spans(md_markdown(cl.intro, cl, at), inline=False))
    if has_must(cl):
        _labelled(document, words["must_do"], words["must_do_note"])

    bookmark = 0
    for section in cl.sections:
        document.add_heading(_one_line(section.title), level=2)
        if section.intro.strip():
            _blocks(document, _spans(md_markdown(section.intro, cl, at), inline=False))
        for item in section.items:
            paragraph = _paragraph(document, ITEM_STYLE_ID)
            end = _bookmark(paragraph, bookmark, item.id)
            bookmark += end is not None
            paragraph.add_run(f"{BOX}\t")
            if item.must:
                paragraph.add_run(labelled(words, "must_do") + " ").bold = True
            for _, spans in _spans(_not_block(md_item_text(item.text, cl, at)), inline=True):
                _add_spans(paragraph, spans)
            if end is not None:
                paragraph._p.append(end)
            why = _explanation(handbook, cl, item)
            if item.note.strip() or why:
                note = _paragraph(document, NOTE_STYLE_ID)
                if item.note.strip():
                    for _, spans in _spans(_not_block(md_markdown(item.note, cl, at, one_line=True)),
                                           inline=True):
                        _add_spans(note, spans)
                if why:
                    where = link_address(cl, why[1], at)
                    explained = labelled(words, "explained_in") + " "
                    note.add_run(" " + explained if item.note.strip() else explained)
                    _hyperlink(note, where, [(why[0], frozenset())], tooltip=where)
            _follow_up_row(document, handbook.ui)
    return _saved(document, address, cl.reviewed, handbook)


# --- Word: a page printed whole (briefs, decision aids, templates) -------------------------------


def page_docx(handbook: Handbook, page: Page, site_url: str | None) -> bytes:
    """An editable Word copy of a brief, a decision aid or a template, from the same print HTML as its
    PDF: headings, paragraphs, lists, notes and tables as Word's own; a template's empty table cells and
    spaces to write in stay empty for the reader to type in; every link points at the published site."""
    at = Published(site_url, handbook.language)
    address = page_address(page.path, at)
    reviewed = page.meta.get("reviewed")
    reviewed = reviewed if isinstance(reviewed, dt.date) else dt.date(2000, 1, 1)
    kind = printable(page.path)
    document = _new_document(page.title, str(page.meta.get("summary", "")), [], kind.noun.capitalize(), address,
                             "1", reviewed, handbook.language)
    html = print_html.page_html(handbook, page)
    tree = justhtml.JustHTML(html, fragment=True, sanitize=False)
    example = print_html.anchor_id(page.path, vocab.TEMPLATE_EXAMPLE)  # a template's example starts a page
    _html_blocks(document, tree.root, lambda target: _print_link_address(target, at), example)
    return _saved(document, address, reviewed, handbook)


def _print_link_address(href: str, at: Published) -> str:
    """The published address of a link in print HTML (canonical 't2-print:docs/x.md#a', or external)."""
    if not href.startswith(print_html.LINK_MARK):
        return href
    path, _, anchor = href.removeprefix(print_html.LINK_MARK).partition("#")
    return published_address(path, anchor, at)


HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
BLANK_LINE = Pt(14)  # one line of a space to write in


def _html_blocks(document, node, address_of, new_page_at: str = "") -> None:
    """Word blocks for the block elements under a node of print HTML, in order; the heading whose id is
    `new_page_at` starts a new page."""
    for child in node.children:
        name = child.name
        classes = (child.attrs.get("class") or "").split() if isinstance(child, justhtml.Element) else []
        if name in HEADING_LEVELS:
            if new_page_at and child.attrs.get("id") == new_page_at:
                document.add_page_break()
            document.add_heading(_one_line(child.to_text()), level=HEADING_LEVELS[name])
        elif name in ("p", "ul", "ol", "blockquote", "dl"):
            _inline_blocks(document, child, address_of, "Quote" if name == "blockquote" else None)
        elif name == "table":
            _table(document, child, address_of)
        elif "t2-blank" in classes:
            _blank(document, child)
        elif "admonition" in classes:
            _inline_blocks(document, child, address_of, NOTE_STYLE_ID)
        elif isinstance(child, justhtml.Element) and name not in ("svg", "script", "style", "hr"):
            _html_blocks(document, child, address_of, new_page_at)


def _spans_of(element, address_of) -> list:
    """The blocks of spans (as _spans gives them) of one element of print HTML, links made published."""
    parser = _Spans()
    parser.feed(element.to_html(pretty=False))
    parser.close()
    return [(kind, [(text, formats, address_of(href) if href else None) for text, formats, href in spans])
            for kind, spans in parser.result()]


def _inline_blocks(document, element, address_of, style_id: str | None) -> None:
    list_style = {"ul": "ListBullet", "ol": "ListNumber"}
    for kind, spans in _spans_of(element, address_of):
        _add_spans(_paragraph(document, list_style.get(kind, style_id)), spans)


def _table(document, element, address_of) -> None:
    """A Word table with the same rows and cells; header cells bold and repeated on each page."""
    rows = element.query("tr")
    width = max((len(row.query("th, td")) for row in rows), default=0)
    if not width:
        return
    table = document.add_table(rows=len(rows), cols=width)
    table.style = document.styles["Table Grid"]
    for row, word_row in zip(rows, table.rows):
        header = bool(row.query("th"))
        if header:
            repeat = OxmlElement("w:tblHeader")
            word_row._tr.get_or_add_trPr().append(repeat)
        for cell, word_cell in zip(row.query("th, td"), word_row.cells):
            paragraph = word_cell.paragraphs[0]
            for _, spans in _spans_of(cell, address_of):
                _add_spans(paragraph, [(text, formats | {"bold"} if header else formats, href)
                                       for text, formats, href in spans])
            if not header and not cell.to_text().strip():
                paragraph.paragraph_format.space_before = BLANK_LINE  # room to type or write by hand


def _blank(document, element) -> None:
    """A space to write in: its label, then a one-cell table as high as the lines it asks for."""
    document.add_paragraph().add_run(_one_line(element.query_one(".t2-blank__label").to_text())).bold = True
    lines = int(element.attrs.get("data-lines") or 3)
    table = document.add_table(rows=1, cols=1)
    table.style = document.styles["Table Grid"]
    cell = table.rows[0].cells[0]
    for _ in range(lines - 1):
        cell.add_paragraph()


def _deterministic_zip(data: bytes, date: dt.date) -> bytes:
    """The same package with fixed entry dates and order ([Content_Types].xml first, as Office writes it)."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    entries["docProps/app.xml"] = APP_XML
    names = sorted(entries, key=lambda name: (name != ZIP_FIRST, name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name])
    return out.getvalue()


# --- all files ---------------------------------------------------------------------------------


def adaptable_files(handbook: Handbook, site_url: str | None) -> dict[str, bytes]:
    """Relative path under downloads/ -> content: every checklist as checklists/<id>.docx and .md, every
    brief, decision aid and template as a Word file."""
    files: dict[str, bytes] = {}
    for page in sorted((p for p in handbook.pages.values() if printable(p.path)), key=lambda p: p.path):
        files[printable_files(page.path)["docx"]] = page_docx(handbook, page, site_url)
    for cl in sorted(handbook.checklists.values(), key=lambda c: c.id):
        names = checklist_files(cl.id)
        files[names["docx"]] = checklist_docx(handbook, cl, site_url)
        files[names["md"]] = checklist_markdown(handbook, cl, site_url).encode("utf-8")
    return files
