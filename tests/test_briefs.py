"""Two-page briefs for officials and funders: pages on the site, linked from the home page's reader
paths, and PDFs that print on at most two sheets of A4 and of US Letter."""

from __future__ import annotations

import re
import subprocess

import pypdf
import pytest

from macros.paths import brief_files, is_brief, site_path

PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}


def briefs(handbook) -> list:
    return sorted((p for p in handbook.pages.values() if is_brief(p.path)), key=lambda p: p.path)


def test_there_is_a_brief_for_officials_and_one_for_funders(handbook):
    assert {p.path for p in briefs(handbook)} == {"docs/briefs/track-ii-for-officials.md",
                                                 "docs/briefs/track-ii-for-funders.md"}


@pytest.mark.parametrize("paper", sorted(PAPER_POINTS))
def test_each_brief_prints_whole_on_two_pages(site, handbook, paper):
    for page in briefs(handbook):
        pdf = site / "downloads" / brief_files(page.path)[paper]
        reader = pypdf.PdfReader(pdf)
        assert 1 <= len(reader.pages) <= 2, f"{pdf.name}: {len(reader.pages)} pages"
        width, height = (round(float(v)) for v in reader.pages[0].mediabox[2:])
        assert (width, height) == PAPER_POINTS[paper]
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        headings = [h.title for h in page.headings]
        assert all(h in text for h in headings), f"{pdf.name}: a section is missing"


def test_brief_pages_link_their_pdfs_and_the_home_page_links_the_briefs(site, handbook):
    home = (site / "index.html").read_text(encoding="utf-8")
    for page in briefs(handbook):
        built = site / site_path(page.path, False)
        html = built.read_text(encoding="utf-8")
        for file in brief_files(page.path).values():
            [href] = re.findall(rf'href="([^"]*{re.escape(file)})"', html)
            assert (built.parent / href).resolve().is_file(), href
        assert f'href="{site_path(page.path, False)}"' in home, f"home page does not link {page.path}"
