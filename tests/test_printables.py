"""Pages printed whole: two-page briefs for officials and funders (linked from the home page's reader
paths) and one-page decision aids, each with PDFs that print on at most its sheets of A4 and of Letter."""

from __future__ import annotations

import json
import posixpath
import re
import subprocess

import pypdf
import pytest

from macros.paths import printable, printable_files, site_path

PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}


def printables(handbook, kind: str | None = None) -> list:
    return sorted((p for p in handbook.pages.values() if printable(p.path)
                   and (kind is None or printable(p.path).kind == kind)), key=lambda p: p.path)


def test_there_is_a_brief_for_officials_and_one_for_funders(handbook):
    assert {p.path for p in printables(handbook, "brief")} == {"docs/briefs/track-ii-for-officials.md",
                                                 "docs/briefs/track-ii-for-funders.md"}


@pytest.mark.parametrize("paper", sorted(PAPER_POINTS))
def test_each_brief_and_aid_prints_whole_on_its_pages(site, handbook, paper):
    for page in printables(handbook):
        pdf = site / "downloads" / printable_files(page.path)[paper]
        reader = pypdf.PdfReader(pdf)
        assert 1 <= len(reader.pages) <= printable(page.path).pages, f"{pdf.name}: {len(reader.pages)} pages"
        width, height = (round(float(v)) for v in reader.pages[0].mediabox[2:])
        assert (width, height) == PAPER_POINTS[paper]
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        headings = [h.title for h in page.headings]
        assert all(h in text for h in headings), f"{pdf.name}: a section is missing"


def test_printable_pages_link_their_pdfs_and_the_home_page_links_the_briefs(site, handbook):
    home = (site / "index.html").read_text(encoding="utf-8")
    for page in printables(handbook):
        built = site / site_path(page.path, False)
        html = built.read_text(encoding="utf-8")
        for file in printable_files(page.path).values():
            [href] = re.findall(rf'href="([^"]*{re.escape(file)})"', html)
            assert (built.parent / href).resolve().is_file(), href
        if printable(page.path).kind == "brief":
            assert f'href="{site_path(page.path, False)}"' in home, f"home page does not link {page.path}"


def test_every_step_chapter_links_at_least_two_decision_aids(handbook):
    aids = {page.path for page in printables(handbook, "aid")}
    assert len(aids) >= 5
    linked_anywhere = set()
    for chapter in (c for c in handbook.chapters.values() if c.step):
        base = posixpath.dirname(chapter.page.path)
        targets = {posixpath.normpath(posixpath.join(base, link.target.split("#")[0])) for link in chapter.page.links}
        assert len(targets & aids) >= 2, f"{chapter.id} links {sorted(targets & aids)}"
        linked_anywhere |= targets & aids
    assert linked_anywhere == aids


def test_open_data_lists_every_brief_and_aid_with_files_that_exist(site, handbook):
    tools = json.loads((site / "downloads" / "data" / "tools.json").read_text(encoding="utf-8"))
    assert sorted(t["page"] for t in tools) == sorted(site_path(p.path, False) for p in printables(handbook))
    for tool in tools:
        assert tool["kind"] in {"brief", "aid", "template"} and tool["title"] and tool["summary"]
        assert all((site / tool[key]).is_file() for key in ("page", "pdf_a4", "pdf_letter", "docx")), tool["id"]
