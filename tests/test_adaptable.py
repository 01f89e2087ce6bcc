"""Adaptable downloads (macros/outputs/adaptable.py): every checklist as Word and Markdown, from the model."""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from html import unescape

import markdown as md
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from macros.outputs import adaptable
from macros.outputs import site_html
from macros.content.model import Checklist, ChecklistItem, ChecklistSection, Link
from macros import paths

BOX = "\u2610"
ITEM_LINE = re.compile(r"^- \[ \] (?:\*\*Must do:\*\* )?(.*) <!-- id: ([a-z0-9-]+) -->$")


def must_prefix(item: ChecklistItem, marker: str) -> str:
    """How a must-do item starts in an adapted copy: marker is '**Must do:** ' (Markdown) or 'Must do: ' (Word)."""
    return marker if item.must else ""
LICENCE_LINE = "CC BY-SA 4.0, Track II Peacemaking Handbook"
SITE = "https://peace.example.org/handbook-site/"


@pytest.fixture(scope="module")
def files(handbook) -> dict[str, bytes]:
    return adaptable.adaptable_files(handbook, None)


def checklists(handbook) -> list[Checklist]:
    return sorted(handbook.checklists.values(), key=lambda c: c.id)


def docx_of(data: bytes):
    return Document(io.BytesIO(data))


def site_address(cl: Checklist, item: ChecklistItem) -> str:
    """Where the site's own checklist page links an item, as a path from the site root."""
    page = paths.checklist_page(cl.id)
    relative = site_html._item_link_url(paths.Here(page, directory_urls=False), cl, item)
    return posixpath.normpath(posixpath.join(posixpath.dirname(paths.site_path(page, False)), relative))


def section_title(handbook, cl: Checklist, item: ChecklistItem) -> str:
    target = posixpath.normpath(posixpath.join(posixpath.dirname(cl.path), item.link.target))
    path, _, anchor = target.partition("#")
    return handbook.pages[path].anchor(anchor).title


# --- the set of files ----------------------------------------------------------------------------


def test_every_checklist_gets_a_word_and_a_markdown_file_and_every_printable_page_a_word_file(handbook, files):
    from macros.paths import printable, printable_files
    expected = {f"checklists/{cl.id}.{ext}" for cl in checklists(handbook) for ext in ("docx", "md")}
    expected |= {printable_files(page)["docx"] for page in handbook.pages if printable(page)}
    assert set(files) == expected
    assert all(isinstance(content, bytes) and content for content in files.values())


# --- Word ------------------------------------------------------------------------------------


def test_word_title_sections_and_items_follow_the_model(handbook, files):
    for cl in checklists(handbook):
        doc = docx_of(files[f"checklists/{cl.id}.docx"])
        paragraphs = doc.paragraphs
        assert paragraphs[0].style.name == "Heading 1" and paragraphs[0].text == cl.title, cl.id
        assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == [cl.title], cl.id
        assert [p.text for p in paragraphs if p.style.name == "Heading 2"] == [s.title for s in cl.sections], cl.id

        boxes = [p for p in paragraphs if p.text.startswith(BOX)]
        assert len(boxes) == len(cl.items), cl.id
        for paragraph, item in zip(boxes, cl.items):
            assert paragraph.text[1:].lstrip().startswith(must_prefix(item, "Must do: ") + site_html.plain(item.text)), \
                (cl.id, item.id)
            must_runs = [run for run in paragraph.runs if run.text == "Must do: "]
            assert len(must_runs) == item.must and all(run.bold for run in must_runs), item.id
            assert paragraph.style.name == "Checklist Item" and paragraph.style.font.bold, item.id

        # Each item sits under its own section heading, in the model's order.
        seen, section = [], None
        for paragraph in paragraphs:
            if paragraph.style.name == "Heading 2":
                section = paragraph.text
            elif paragraph.text.startswith(BOX):
                seen.append(section)
        assert seen == [s.title for s in cl.sections for _ in s.items], cl.id


def test_word_notes_are_small_grey_and_link_to_the_section_that_explains_the_item(handbook, files):
    for cl in checklists(handbook):
        doc = docx_of(files[f"checklists/{cl.id}.docx"])
        paragraphs = doc.paragraphs
        index = {id(p._p): n for n, p in enumerate(paragraphs)}
        boxes = [p for p in paragraphs if p.text.startswith(BOX)]
        for paragraph, item in zip(boxes, cl.items):
            note = paragraphs[index[id(paragraph._p)] + 1]
            assert note.style.name == "Checklist Note", item.id
            assert note.style.font.size == Pt(9) and note.style.font.color.rgb == adaptable.NOTE_GREY
            assert note.text.startswith(site_html.plain(item.note)), item.id
            if item.link is None:
                continue
            links = note.hyperlinks
            assert len(links) == 1, item.id
            assert links[0].address == site_address(cl, item), item.id
            assert links[0].text == section_title(handbook, cl, item), item.id
            rel_id = links[0]._hyperlink.rId
            assert doc.part.rels[rel_id].is_external, item.id

        # Real w:hyperlink elements, one per linked item (the content has no other links in its text).
        body = doc.element.body
        assert len(body.findall(".//" + qn("w:hyperlink"))) == sum(1 for i in cl.items if i.link), cl.id


def test_word_links_are_absolute_with_a_site_url(handbook):
    cl = handbook.checklists["participant-selection"]
    doc = docx_of(adaptable.checklist_docx(handbook, cl, SITE))
    addresses = [link.address for p in doc.paragraphs for link in p.hyperlinks]
    assert addresses == [SITE + site_address(cl, item) for item in cl.items if item.link]
    footer = doc.sections[0].footer
    assert [link.address for p in footer.paragraphs for link in p.hyperlinks] == [
        adaptable.LICENCE_URL, SITE + "checklists/participant-selection.html"]


def test_word_properties_footer_and_item_ids(handbook, files):
    for cl in checklists(handbook):
        doc = docx_of(files[f"checklists/{cl.id}.docx"])
        props = doc.core_properties
        assert props.title == cl.title and props.language == "en", cl.id
        # Word holds 255 characters in a property: a longer summary is cut at a word, and stays whole in the text.
        if len(cl.summary) <= 255:
            assert props.subject == cl.summary, cl.id
        else:
            assert len(props.subject) <= 255 and props.subject.endswith("\u2026"), cl.id
            assert cl.summary.startswith(props.subject[:-1].rstrip()), cl.id
            assert any(cl.summary in p.text for p in doc.paragraphs), cl.id
        assert props.author == "Track II Peacemaking Handbook contributors"
        reviewed = dt.datetime(cl.reviewed.year, cl.reviewed.month, cl.reviewed.day, tzinfo=dt.timezone.utc)
        assert props.created == reviewed and props.modified == reviewed, cl.id
        assert props.version == cl.version

        footer = doc.sections[0].footer.paragraphs
        assert [p.style.name for p in footer] == ["Footer", "Footer"], cl.id
        assert footer[0].text == LICENCE_LINE and footer[1].text.startswith(f"checklists/{cl.id}.html"), cl.id

        # Every item paragraph is bookmarked with its id, so an adapted copy can be matched to the site.
        names = [b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))]
        assert names == [item.id.replace("-", "_") for item in cl.items], cl.id

        meta = [p.text for p in doc.paragraphs[:6]]
        assert any(t.startswith("Use it: ") and site_html.plain(cl.use_when) in t for t in meta), cl.id
        assert any(t.startswith("Used by: ") and site_html.plain(cl.used_by) in t for t in meta), cl.id
        assert any(f"version {cl.version}" in t for t in meta), cl.id


def test_a_summary_longer_than_a_word_property_is_cut_not_a_crash(handbook):
    """A 259-character summary once stopped the whole build with a python-docx traceback."""
    import dataclasses
    cl = dataclasses.replace(checklists(handbook)[0], summary="Check that " + "every word counts, " * 20 + "always.")
    doc = docx_of(adaptable.checklist_docx(handbook, cl, None))
    assert len(doc.core_properties.subject) <= 255 and doc.core_properties.subject.endswith("\u2026")
    assert any(cl.summary in p.text for p in doc.paragraphs)


def test_word_bytes_are_deterministic(handbook, files):
    again = adaptable.adaptable_files(handbook, None)
    assert all(again[name] == content for name, content in files.items())
    for cl in checklists(handbook):
        with zipfile.ZipFile(io.BytesIO(files[f"checklists/{cl.id}.docx"])) as package:
            infos = package.infolist()
            assert infos[0].filename == "[Content_Types].xml"
            assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
            stamp = (cl.reviewed.year, cl.reviewed.month, cl.reviewed.day, 0, 0, 0)
            assert {i.date_time for i in infos} == {stamp}, cl.id
            assert not any("thumbnail" in i.filename for i in infos)
            assert package.testzip() is None


# --- Markdown --------------------------------------------------------------------------------


def markdown_items(text: str) -> list[tuple[str, str]]:
    return [ITEM_LINE.match(line).groups() for line in text.splitlines() if line.startswith("- [ ]")]


def test_markdown_task_lists_follow_the_model(handbook, files):
    for cl in checklists(handbook):
        text = files[f"checklists/{cl.id}.md"].decode("utf-8")
        lines = text.splitlines()
        assert lines[0] == f"# {cl.title}", cl.id
        assert [line[3:] for line in lines if line.startswith("## ")] == [s.title for s in cl.sections], cl.id
        assert markdown_items(text) == [(item.text, item.id) for item in cl.items], cl.id
        for item in cl.items:
            start = lines.index(f"- [ ] {must_prefix(item, '**Must do:** ')}{item.text} <!-- id: {item.id} -->")
            assert lines[start + 1] == "", item.id
            note = lines[start + 2]
            assert note.startswith("  " + item.note), item.id
            assert note.endswith(f"Explained in: {section_title(handbook, cl, item)} "
                                 f"({site_address(cl, item)})"), item.id
        assert f"[CC BY-SA 4.0]({adaptable.LICENCE_URL}), Track II Peacemaking Handbook." in text
        assert f"This checklist: checklists/{cl.id}.html" in text
        assert f"**Use it:** {cl.use_when}" in text and f"**Used by:** {cl.used_by}" in text
        assert text.endswith("\n") and not text.endswith("\n\n")


def test_markdown_keeps_its_structure_through_a_markdown_parser(handbook, files):
    for cl in checklists(handbook):
        html = md.markdown(files[f"checklists/{cl.id}.md"].decode("utf-8"))
        assert re.findall(r"<h1>(.*?)</h1>", html) == [cl.title], cl.id
        assert re.findall(r"<h2>(.*?)</h2>", html) == [s.title for s in cl.sections], cl.id
        assert html.count("<li>") == len(cl.items), cl.id


def test_markdown_links_are_absolute_with_a_site_url(handbook):
    cl = handbook.checklists["participant-selection"]
    text = adaptable.checklist_markdown(handbook, cl, SITE)
    for item in cl.items:
        assert f"[{section_title(handbook, cl, item)}]({SITE}{site_address(cl, item)})" in text, item.id
    assert f"This checklist: <{SITE}checklists/participant-selection.html>" in text


# --- special characters ----------------------------------------------------------------------

ODD_TEXT = ('Send <script>alert("x")</script> & &copy; to *every* party, see `<b>` and '
            '[consent](../docs/handbook/ethics.md#informed-consent)\x0b')
ODD_NOTE = ('The <abbr title="United Nations">UN</abbr> <img src=x onerror=alert(1)> <!-- hidden --> rule: 1 < 2 & '
            '[bad](javascript:alert(1))')
ODD_TITLE = "Title with *stars*, <tags> & [brackets] #1"


def odd_checklist() -> Checklist:
    link = Link("Informed consent", "../docs/handbook/ethics.md#informed-consent", 3)
    items = [ChecklistItem("odd-one", ODD_TEXT, ODD_NOTE, link, 3),
             ChecklistItem("odd-two", "1. Looks like a list_item", "- looks like a bullet", None, 5)]
    return Checklist(id="odd", title=ODD_TITLE, step="prepare", audience=["practitioner"], used_by="Users <b>",
                     use_when="1. When *needed*", summary="- Summary with _underscores_ & <i>tags</i>",
                     version="1.0", reviewed=dt.date(2026, 1, 2), changes="", intro="Intro with <em>emphasis</em>.",
                     sections=[ChecklistSection("s", "Section <one> & #2", "", items, 2)], path="checklists/odd.md")


def test_special_characters_are_escaped_in_markdown(handbook):
    cl = odd_checklist()
    text = adaptable.checklist_markdown(handbook, cl, None)
    assert "\x0b" not in text
    html = md.markdown(text)  # the site's own Markdown library shows what a reader would see
    assert "<script" not in html and "<img" not in html and "<!-- hidden" not in html
    assert "&lt;script&gt;" in html or "&lt;script>" in html
    assert '<abbr title="United Nations">UN</abbr>' in html  # allowed inline HTML stays, as on the site
    assert "javascript:" not in html
    # Plain fields come back exactly as written.
    assert unescape(re.search(r"<h1>(.*?)</h1>", html).group(1)) == ODD_TITLE
    assert unescape(re.search(r"<h2>(.*?)</h2>", html).group(1)) == "Section <one> & #2"
    assert "<p>- Summary with _underscores_ &amp; &lt;i&gt;tags&lt;/i&gt;</p>" in html
    assert "<strong>Used by:</strong> Users &lt;b&gt;." in html
    # Item texts keep their Markdown but show their HTML as text, like the site.
    items = markdown_items(text)
    assert [item_id for _, item_id in items] == ["odd-one", "odd-two"]
    assert items[0][0].startswith("Send &lt;script>alert(\"x\")&lt;/script> & &amp;copy; to *every* party, "
                                  "see `<b>` and [consent](handbook/ethics.html#informed-consent)")
    assert "<em>every</em>" in html and "<code>&lt;b&gt;</code>" in html
    assert "\\- looks like a bullet" in text  # a note never turns into a list of its own


def test_special_characters_are_escaped_in_word(handbook):
    cl = odd_checklist()
    data = adaptable.checklist_docx(handbook, cl, None)
    doc = docx_of(data)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == ODD_TITLE and doc.core_properties.title == ODD_TITLE
    assert "Section <one> & #2" in texts
    boxes = [p for p in doc.paragraphs if p.text.startswith(BOX)]
    assert [p.text[1:].lstrip() for p in boxes] == [
        'Send <script>alert("x")</script> & &copy; to every party, see <b> and consent',
        "1. Looks like a list_item"]
    italic = [r.text for r in boxes[0].runs if r.italic]
    assert italic == ["every"]
    assert [link.address for link in boxes[0].hyperlinks] == ["handbook/ethics.html#informed-consent"]
    note = doc.paragraphs[texts.index(boxes[0].text) + 1]
    assert note.text.startswith('The UN <img src=x onerror=alert(1)> <!-- hidden --> rule: 1 < 2 & bad')
    assert [link.address for link in note.hyperlinks] == ["handbook/ethics.html#informed-consent"]
    assert "- looks like a bullet" in [p.text for p in doc.paragraphs]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
    assert "<script" not in xml and "&lt;script&gt;" in xml and "\x0b" not in xml
    assert "javascript:" not in rels


def test_word_gives_each_item_a_row_for_owner_due_date_and_evidence(handbook, files):
    for cl in checklists(handbook):
        doc = docx_of(files[f"checklists/{cl.id}.docx"])
        # In body order: every item paragraph is followed, before the next item, by one row of cells.
        order = []
        for block in doc.element.body.iterchildren():
            if block.tag == qn("w:tbl"):
                order.append("row")
            elif block.tag == qn("w:p") and "".join(t.text or "" for t in block.iter(qn("w:t"))).startswith(BOX):
                order.append("item")
        assert order == ["item", "row"] * len(cl.items), cl.id
        for table in doc.tables:
            assert [cell.text for cell in table.rows[0].cells] == ["Owner: ", "Due: ", "Evidence: "], cl.id
