"""Renderers are pure functions of the model: tested here without MkDocs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from macros.outputs import site_html
from macros.content.problems import ContentError
from macros.paths import Here
from macros import paths

CHECKLIST = "participant-selection"
PAGE = Here("docs/checklists/participant-selection.md", directory_urls=False)


class Elements(HTMLParser):
    """Collects start tags with their attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.mark.parametrize("directory_urls, source, target, anchor, expected", [
    (False, "docs/handbook/introduction.md", "docs/glossary.md", "ripeness", "../glossary.html#ripeness"),
    (False, "docs/index.md", "docs/handbook/step-1-assess.md", "", "handbook/step-1-assess.html"),
    (False, "docs/handbook/a.md", "docs/handbook/a.md", "x", "#x"),
    (True, "docs/handbook/introduction.md", "docs/glossary.md", "ripeness", "../../glossary/#ripeness"),
    (True, "docs/index.md", "docs/glossary.md", "", "glossary/"),
    (True, "docs/glossary.md", "docs/index.md", "", "../"),
    (True, "docs/case-studies/index.md", "docs/case-studies/oslo.md", "", "oslo/"),
])
def test_urls_are_relative_to_the_page(directory_urls, source, target, anchor, expected):
    assert paths.url(Here(source, directory_urls), target, anchor) == expected


def test_checklist_has_one_labelled_checkbox_per_item(handbook):
    html = site_html.checklist(handbook, PAGE, CHECKLIST)
    checklist = handbook.checklists[CHECKLIST]
    elements = Elements(html)
    boxes = [a for a in elements.all("input") if a.get("type") == "checkbox"]
    labels = {a["for"] for a in elements.all("label")}
    assert [b["data-item"] for b in boxes] == [i.id for i in checklist.items]
    assert all(b["id"] in labels for b in boxes)
    assert all(b["aria-describedby"] == f"note-{b['data-item']}" for b in boxes)
    item_ids = {a["id"] for a in elements.all("li") if "id" in a}
    assert item_ids == {i.id for i in checklist.items}
    for section in checklist.sections:
        assert f"## {section.title} {{ #{section.id} }}" in html


def test_every_checklist_item_links_to_the_section_that_explains_it(handbook):
    html = site_html.checklist(handbook, PAGE, CHECKLIST)
    links = [a["href"] for a in Elements(html).all("a") if "t2-why" in a.get("class", "")]
    assert len(links) == len(handbook.checklists[CHECKLIST].items)
    for href in links:
        path, _, anchor = href.partition("#")
        chapter = next(c for c in handbook.chapters.values() if path == f"../handbook/{c.id}.html")
        assert chapter.page.anchor(anchor) is not None, href


def test_term_links_to_its_glossary_entry_with_its_definition_as_tooltip(handbook):
    html = site_html.term(handbook, Here("docs/handbook/introduction.md", False), "ripeness", "ripe")
    attrs = Elements(html).all("a")[0]
    assert attrs["href"] == "../glossary.html#ripeness"
    assert attrs["title"] == site_html.plain(handbook.glossary["ripeness"].definition)
    assert html.endswith(">ripe</a>")


def test_cite_gives_author_year_links_and_page_locator(handbook):
    html = site_html.cite(handbook, Here("docs/index.md", False), "zartman-2000", "kelman-1972", pages="3-5")
    assert re.sub(r"<[^>]+>", "", html) == "(Zartman 2000; Kelman 1972, pp. 3–5)"
    assert 'href="references.html#zartman-2000"' in html


def test_xref_uses_the_section_title_and_fails_on_a_missing_target(handbook):
    html = site_html.xref(handbook, Here("docs/index.md", False), "step-3-prepare#participant-selection")
    heading = handbook.chapters["step-3-prepare"].page.anchor("participant-selection")
    assert html == f'<a href="handbook/step-3-prepare.html#participant-selection">{heading.title}</a>'
    with pytest.raises(ContentError):
        site_html.xref(handbook, Here("docs/index.md", False), "step-3-prepare#no-such-section")


def test_case_table_lists_every_case_with_its_metadata(handbook):
    html = site_html.case_table(handbook, Here("docs/case-studies/index.md", False))
    rows = re.findall(r"<tr data-region=.*?</tr>", html)
    assert len(rows) == len(handbook.cases)
    for case in handbook.cases.values():
        assert f'href="{case.id}.html"' in html
        assert f"{case.years[0]}–{case.years[1]}" in html


def test_contributor_text_is_escaped(handbook):
    entry = handbook.glossary["ripeness"]
    original = entry.term
    entry.term = '<img src=x onerror="alert(1)">'
    try:
        html = site_html.term(handbook, Here("docs/index.md", False), "ripeness")
    finally:
        entry.term = original
    assert "<img" not in html and "&lt;img" in html


def test_reference_formats(handbook):
    chapter = next(r for r in handbook.references.values() if r.type == "chapter" and r.editors)
    html = site_html.format_reference(chapter)
    assert f"<em>{chapter.container}</em>, edited by" in html
    article = next(r for r in handbook.references.values() if r.type == "article" and r.volume)
    assert f"<em>{article.container}</em> {article.volume}" in site_html.format_reference(article)


@pytest.mark.parametrize("directory_urls, venue, section", [
    (False, "venue-logistics-security.html", "../handbook/step-3-prepare.html#security"),
    (True, "../venue-logistics-security/", "../../handbook/step-3-prepare/#security"),
])
def test_links_written_in_a_checklist_source_work_on_its_page(handbook, directory_urls, venue, section):
    """Links in intros and notes are written from checklists/<id>.md (as the check resolves them); the
    page that shows them lives in docs/checklists/, so the site rewrites them as the PDFs and Word do."""
    import dataclasses
    cl = handbook.checklists["participant-selection"]
    first = cl.sections[0]
    linked = dataclasses.replace(
        cl, intro="See [the venue list](../docs/checklists/venue-logistics-security.md) too.",
        sections=[dataclasses.replace(first, intro="Read [Security](../docs/handbook/step-3-prepare.md#security)."),
                  *cl.sections[1:]])
    model = dataclasses.replace(handbook, checklists={**handbook.checklists, cl.id: linked})
    out = site_html.checklist(model, Here(paths.checklist_page(cl.id), directory_urls), cl.id)
    assert f"[the venue list]({venue})" in out
    assert f"[Security]({section})" in out
    assert "../docs/" not in out
