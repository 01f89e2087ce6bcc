"""The real site, built as `make site` builds it: pages, macros, search index and open data."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from pathlib import Path

import justhtml

from macros.paths import checklist_page, site_path


EXTERNAL_RESOURCE = re.compile(r"""<(?:script|img|link|iframe|source|video|audio)\b[^>]*?\b(?:src|href)=["'](?:https?:)?//""", re.I)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_content_item_has_a_page(site, handbook):
    for page in handbook.pages.values():
        assert (site / site_path(page.path, directory_urls=False)).is_file(), page.path


def test_navigation_lists_every_chapter_checklist_and_case(site, handbook):
    """The navigation the model generates, as the builder wrote it into the pages' <nav> menus."""
    expected = {site_path(path, directory_urls=False) for path in
                [c.page.path for c in handbook.chapters.values()] + [c.page.path for c in handbook.cases.values()]
                + [checklist_page(c) for c in handbook.checklists]}
    for page in ("index.html", "handbook/step-3-prepare.html", "case-studies/aceh-peace-process.html"):
        links = justhtml.JustHTML((site / page).read_text(encoding="utf-8"), sanitize=False).query("nav a[href]")
        linked = {posixpath.normpath(posixpath.join(posixpath.dirname(page), a.attrs["href"].split("#")[0]))
                  for a in links}
        assert sorted(expected - linked) == [], page


def test_no_macro_or_jinja_syntax_survives_rendering(site):
    for path in html_pages(site):
        text = re.sub(r"<code>.*?</code>", "", path.read_text(encoding="utf-8"), flags=re.S)  # examples in docs
        assert "{{" not in text and "{%" not in text, path


def test_no_page_loads_anything_from_another_host(site):
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        assert not EXTERNAL_RESOURCE.search(text), f"{path}: {EXTERNAL_RESOURCE.search(text).group(0)}"
        assert "fonts.googleapis" not in text and "unpkg.com" not in text, path


def test_checklist_page_has_labelled_checkboxes_for_every_item(site, handbook):
    for checklist in handbook.checklists.values():
        html = (site / f"checklists/{checklist.id}.html").read_text(encoding="utf-8")
        boxes = re.findall(r'<input type="checkbox" id="cb-([a-z0-9-]+)" data-item="\1"', html)
        assert boxes == [item.id for item in checklist.items]
        for item_id in boxes:
            assert f'<label for="cb-{item_id}">' in html
        for section in checklist.sections:
            assert f'id="{section.id}"' in html


def test_glossary_and_references_pages_carry_an_anchor_per_entry(site, handbook):
    glossary = (site / "glossary.html").read_text(encoding="utf-8")
    references = (site / "references.html").read_text(encoding="utf-8")
    assert all(f'<dt id="{term}">' in glossary for term in handbook.glossary)
    assert all(f'<li id="{key}">' in references for key in handbook.references)


def test_case_pages_show_facts_and_where_they_are_used(site, handbook):
    for case in handbook.cases.values():
        html = (site / f"case-studies/{case.id}.html").read_text(encoding="utf-8")
        assert "<caption>Case facts</caption>" in html
        assert f"{case.years[0]}–{case.years[1]}" in html
        assert 'id="used-in"' in html


def test_search_index_covers_chapters_glossary_and_checklist_items(site, handbook):
    from macros.outputs.search_index import INDEX_DIR, Searcher
    searcher = Searcher(site / INDEX_DIR)
    entries = [searcher.entry(doc) for doc in range(len(searcher.meta["groups"]))]
    locations = {location.split("#")[0] for location, _, _ in entries}
    assert all(site_path(c.page.path, False).removeprefix("docs/") in locations for c in handbook.chapters.values())
    assert "glossary.html#ripeness" in {location for location, _, _ in entries}
    first = next(iter(handbook.checklists.values()))
    page = site_path(checklist_page(first.id), False).removeprefix("docs/")
    assert page in [hit.page for hit in searcher.search(first.items[0].text)[:3]]


def test_open_data_round_trips_to_the_model(site, handbook):
    import jsonschema
    data = site / "downloads" / "data"
    checklists = json.loads((data / "checklists.json").read_text(encoding="utf-8"))
    cases = json.loads((data / "case-studies.json").read_text(encoding="utf-8"))
    jsonschema.validate(checklists, json.loads((data / "checklists.schema.json").read_text(encoding="utf-8")))
    jsonschema.validate(cases, json.loads((data / "case-studies.schema.json").read_text(encoding="utf-8")))
    for exported in checklists:
        model = handbook.checklists[exported["id"]]
        assert (exported["title"], exported["step"], exported["version"], exported["reviewed"]) == \
            (model.title, model.step, model.version, model.reviewed.isoformat())
        assert [(s["id"], s["title"], [(i["id"], i["text"], i["note"], i["link"]) for i in s["items"]])
                for s in exported["sections"]] == \
            [(s.id, s.title, [(i.id, i.text, i.note, i.link.target if i.link else None) for i in s.items])
             for s in model.sections]
    assert {c["id"] for c in checklists} == set(handbook.checklists)
    rows = list(csv.DictReader(io.StringIO((data / "checklists.csv").read_text(encoding="utf-8"))))
    assert [(r["checklist_id"], r["section_id"], r["item_id"], r["text"]) for r in rows] == \
        [(c.id, s.id, i.id, i.text) for c in sorted(handbook.checklists.values(), key=lambda c: c.id)
         for s in c.sections for i in s.items]
    for exported in cases:
        model = handbook.cases[exported["id"]]
        assert (exported["title"], exported["region"], exported["countries"], exported["year_start"],
                exported["year_end"], exported["track"], exported["activities"], exported["steps"],
                exported["outcome"], exported["women"], exported["sources"], exported["convenors"]) == \
            (model.title, model.region, model.countries, *model.years, model.track, model.activities, model.steps,
             model.outcome, model.women, model.sources, model.convenors)
    assert {c["id"] for c in cases} == set(handbook.cases)
    case_rows = list(csv.DictReader(io.StringIO((data / "case-studies.csv").read_text(encoding="utf-8"))))
    assert [(r["id"], r["activities"].split("; ")) for r in case_rows] == [(c["id"], c["activities"]) for c in cases]


def test_export_schemas_reject_values_outside_the_vocabulary(site):
    import jsonschema
    import pytest
    data = site / "downloads" / "data"
    case = json.loads((data / "case-studies.json").read_text(encoding="utf-8"))[0]
    schema = json.loads((data / "case-studies.schema.json").read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{**case, "region": "atlantis"}], schema)


def test_every_page_has_a_title_and_a_description(site):
    for path in html_pages(site):
        if path.name == "404.html":
            continue
        text = path.read_text(encoding="utf-8")
        assert re.search(r"<title>[^<]+</title>", text), path
        assert re.search(r'<meta name="description" content="[^"]+"', text), path


def meta_description(html: str) -> list[str]:
    """The description as a browser reads it: every <meta name=description> content, parsed."""
    import justhtml
    document = justhtml.JustHTML(html, sanitize=False)
    return [m.attrs.get("content") for m in document.query('meta[name="description"]')]


def test_meta_description_is_the_summary(site, handbook):
    """Parsed, not matched as text: a summary that broke out of the attribute would not read back whole."""
    for chapter in handbook.chapters.values():
        html = (site / site_path(chapter.page.path, False)).read_text(encoding="utf-8")
        assert meta_description(html) == [chapter.summary], chapter.id
    for checklist in handbook.checklists.values():
        html = (site / f"checklists/{checklist.id}.html").read_text(encoding="utf-8")
        assert meta_description(html) == [checklist.summary], checklist.id


def test_every_download_is_listed_with_its_size_and_linked_from_its_page(site, handbook):
    from macros.outputs.site_html import human_size, planned_downloads
    page = (site / "downloads.html").read_text(encoding="utf-8")
    for path, title, _ in planned_downloads(handbook):
        file = site / "downloads" / path
        assert file.is_file(), path
        assert f'href="downloads/{path}"' in page and f"<td>{human_size(file.stat().st_size)}</td>" in page, path
    for checklist in handbook.checklists.values():
        html = (site / f"checklists/{checklist.id}.html").read_text(encoding="utf-8")
        for name in (f"{checklist.id}.pdf", f"{checklist.id}-letter.pdf", f"{checklist.id}.docx", f"{checklist.id}.md"):
            assert f'href="../downloads/checklists/{name}"' in html
    for chapter in handbook.chapters.values():
        html = (site / site_path(chapter.page.path, False)).read_text(encoding="utf-8")
        assert 'href="../downloads/handbook.pdf"' in html
        if chapter.step:
            assert f'href="../downloads/toolkits/{chapter.step}.pdf"' in html


def test_links_to_other_sites_open_without_access_to_this_page(site):
    checked = 0
    for path in html_pages(site):
        article = path.read_text(encoding="utf-8").split("<article", 1)[-1].split("</article>", 1)[0]
        for tag in re.findall(r'<a [^>]*href="https?://[^"]*"[^>]*>', article):
            assert 'rel="noopener"' in tag, f"{path}: {tag}"
            checked += 1
    assert checked > 20


CHAPTER_BUDGET = 110 * 1024  # measured 82-89 KB on 2026-11-25; about 20% headroom


def first_visit_weight(page: Path) -> int:
    """Compressed bytes of a page's HTML plus every stylesheet and script it loads (empty cache)."""
    import gzip
    html = page.read_text(encoding="utf-8")
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', html)
    files = [page] + [(page.parent / asset.split("?")[0]).resolve() for asset in assets]
    return sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)


def test_page_weight_stays_within_budget(site, handbook):
    import statistics
    weights = {p.relative_to(site).as_posix(): first_visit_weight(p) for p in html_pages(site) if p.name != "404.html"}
    for chapter in handbook.chapters.values():
        path = site_path(chapter.page.path, False)
        assert weights[path] <= CHAPTER_BUDGET, f"{path}: {weights[path] / 1024:.0f} KB"
    median = statistics.median(weights.values())
    heavy = {path: round(w / median, 2) for path, w in weights.items() if w > 2 * median}
    assert heavy == {}, f"pages over twice the median of {median / 1024:.0f} KB: {heavy}"
