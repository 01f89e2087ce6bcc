"""PDF downloads: print HTML from the model (pure), then the real PDFs opened with pypdf.

All 36 PDFs are rendered once per session (about a minute), then rendered again into a second
directory from the same cache, which must copy instead of render and give the same bytes.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pypdf
import pytest
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from conftest import ROOT
from macros.outputs import print_html
from macros.content import vocab
from macros.checks.rules import validate
from macros.paths import printable, printable_files

from macros.outputs import pdf_files as pdf_script

A4 = (595, 842)
LETTER = (612, 792)


@pytest.fixture(scope="session")
def print_site():
    return print_html.print_site(ROOT)


@pytest.fixture(scope="session")
def docs(handbook, print_site):
    return {d.path: d for d in print_html.documents(handbook, print_site)}


@pytest.fixture(scope="session")
def rendered(handbook, tmp_path_factory):
    """Every PDF rendered cold, then again from the same cache into another directory."""
    base = tmp_path_factory.mktemp("pdf")
    warnings: list[str] = []
    started = time.perf_counter()
    cold = pdf_script.render_all([handbook], base / "out", base / "cache", jobs=2, log=warnings.append)
    cold_seconds = time.perf_counter() - started
    started = time.perf_counter()
    warm = pdf_script.render_all([handbook], base / "again", base / "cache", jobs=2, log=warnings.append)
    warm_seconds = time.perf_counter() - started
    print(f"\nPDFs: cold {cold_seconds:.1f} s, all cached {warm_seconds:.1f} s")
    return {"out": base / "out", "again": base / "again", "cache": base / "cache", "cold": cold, "warm": warm,
            "warnings": warnings}


_READERS: dict[Path, pypdf.PdfReader] = {}


def reader(rendered, path: str) -> pypdf.PdfReader:
    # One reader per file for the session: pypdf keeps the objects it has parsed (the handbook has 10,000).
    file = rendered["out"] / path
    if file not in _READERS:
        _READERS[file] = pypdf.PdfReader(file)
    return _READERS[file]


def items_of(handbook, checklist_ids) -> list[str]:
    return [item.id for cid in checklist_ids for item in handbook.checklists[cid].items]


def expected_fields(handbook, path: str) -> list[str]:
    if path.startswith("checklists/"):
        return items_of(handbook, [Path(path).stem.removesuffix("-letter")])
    if path.startswith("toolkits/"):
        return items_of(handbook, [c.id for c in print_html.step_checklists(handbook, Path(path).stem)])
    order = sorted(handbook.checklists.values(), key=lambda c: (list(vocab.STEPS).index(c.step), c.title))
    return items_of(handbook, [c.id for c in order])


def outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        titles += outline_titles(entry) if isinstance(entry, list) else [entry.title]
    return titles


# --- print HTML (pure functions, no rendering) -----------------------------------------------------


def test_every_checklist_step_and_the_handbook_has_a_document(handbook, docs):
    expected = {f"checklists/{c}{s}.pdf" for c in handbook.checklists for s in ("", "-letter")}
    expected |= {f"toolkits/{step}.pdf" for step in vocab.STEPS} | {"handbook.pdf"}
    expected |= {f for page in handbook.pages if printable(page) for f in printable_files(page).values()
                 if f.endswith(".pdf")}
    assert set(docs) == expected
    kinds = {printable(page).kind for page in handbook.pages if printable(page)}
    assert {d.kind for d in docs.values()} == {"checklist", "toolkit", "handbook"} | kinds


def test_macros_are_rendered_and_no_canonical_link_is_left(docs):
    for doc in docs.values():
        assert "{{" not in doc.html and "{%" not in doc.html, doc.path
        assert print_html.LINK_MARK not in doc.html, doc.path


def test_ids_are_unique_and_every_internal_link_has_a_target(docs):
    for doc in docs.values():
        ids = re.findall(r'\sid="([^"]*)"', doc.html)
        assert len(ids) == len(set(ids)), doc.path
        targets = set(re.findall(r'href="#([^"]*)"', doc.html))
        assert targets <= set(ids), (doc.path, targets - set(ids))


def test_handbook_links_between_chapters_glossary_and_references_stay_inside(handbook, docs):
    html = docs["handbook.pdf"].html
    assert 'href="#handbook/step-1-assess--conflict-analysis"' in html  # xref from Step 3
    assert 'href="#glossary--track-ii"' in html  # term
    assert 'href="#references--kelman-2002"' in html  # cite
    assert 'href="#checklists/participant-selection"' in html  # checklist_link
    assert 'href="../case-studies/' in html  # case studies are not in the PDF: the site, relative to downloads/
    # Every chapter in nav order, each once.
    chapters = re.findall(r'<section class="t2-part t2-chapter" id="([^"]+)"', html)
    assert chapters == [print_html.anchor_id(p) for p in print_html.print_site(ROOT).chapters]


def test_chapter_macros_render_like_the_site(handbook, docs):
    html = docs["handbook.pdf"].html
    page = handbook.chapters["step-3-prepare"].page
    section = html.split('id="handbook/step-3-prepare"', 1)[1].split('<section class="t2-part', 1)[0]
    assert section.count('class="t2-term"') == sum(1 for c in page.calls if c.name == "term")
    figure_cites = sum(1 for c in page.calls if c.name == "figure" and handbook.figures[c.args[0]].sources)
    assert section.count('class="t2-cite"') == sum(1 for c in page.calls if c.name == "cite") + figure_cites


def test_checklist_links_go_to_the_site_relative_to_downloads_without_site_url(docs):
    html = docs["checklists/participant-selection.pdf"].html
    assert 'data-address="checklists/participant-selection.html"' in html
    assert 'href="../../handbook/step-3-prepare.html#' in html  # from downloads/checklists/
    assert "Explained in" in html


def test_checklist_links_and_address_use_site_url_when_configured(handbook, print_site):
    with_url = dataclasses.replace(print_site, site_url="https://example.org/t2/")
    html = print_html.checklist_document(handbook, with_url, "participant-selection").html
    assert 'data-address="https://example.org/t2/checklists/participant-selection.html"' in html
    assert 'href="https://example.org/t2/handbook/step-3-prepare.html#' in html


def test_checklist_document_has_one_named_checkbox_per_item_in_order(handbook, docs):
    for checklist in handbook.checklists.values():
        html = docs[f"checklists/{checklist.id}.pdf"].html
        names = re.findall(r'<input type="checkbox" name="([^"]+)"', html)
        assert names == [i.id for i in checklist.items]
        # Each item has fields for who does it, by when, and the evidence that it was done.
        assert html.count('class="t2-follow-up"') == len(checklist.items)
        text_fields = re.findall(r'<input type="text" name="([^"]+)"', html)
        assert text_fields == [f"{i.id}__{key}" for i in checklist.items for key in ("owner", "due", "evidence")]


def test_print_html_keeps_a_space_out_of_the_run_before_inline_elements():
    # WeasyPrint mis-breaks a line when a text run ending in a space meets an inline element.
    assert print_html._glue_spaces('see <a href="#x">Oslo</a> and <span>(1993)</span>') == \
        'see<a href="#x"> Oslo</a> and<span> (1993)</span>'


# --- URL fetcher ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "https://example.org/logo.png",
    "http://127.0.0.1:9/x.png",
    "ftp://example.org/x.png",
    f"file://{ROOT}/docs/assets/../../mkdocs.yml",
    f"file://{ROOT}/docs/index.md",
    "data:text/html;base64,PGgxPng8L2gxPg==",
])
def test_fetcher_refuses_everything_but_assets_and_data_images(url):
    fetcher = pdf_script.LocalAssetFetcher()
    with pytest.raises(pdf_script.RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_site_assets_and_data_images():
    fetcher = pdf_script.LocalAssetFetcher()
    svg = fetcher.fetch((ROOT / "docs" / "assets" / "favicon.svg").as_uri())
    assert svg.read().startswith(b"<svg") and svg.content_type == "image/svg+xml"
    png = fetcher.fetch("data:image/png;base64,iVBORw0KGgo=")
    assert png.read() == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "https://example.org/remote.png"])
def test_rendering_never_fetches_a_refused_image(url, monkeypatch):
    # The fetcher is called, refuses, and nothing underneath it (urllib, the file) is ever opened.
    opened = []
    monkeypatch.setattr(URLFetcher, "fetch", lambda self, u, headers=None: opened.append(u))
    fetcher = pdf_script.LocalAssetFetcher()
    html = f'<!DOCTYPE html><html lang="en"><title>t</title><p>x<img src="{url}" alt="x"></p></html>'
    with pytest.raises(FatalURLFetchingError):
        pdf_script.render_pdf(html, "", fetcher=fetcher)
    assert fetcher.refused == [url]
    assert opened == []


# --- the rendered PDFs ---------------------------------------------------------------------------------


def test_render_writes_every_document_and_a_manifest(rendered, docs):
    manifest = rendered["cold"]
    assert set(manifest) == set(docs)
    for path, entry in manifest.items():
        data = (rendered["out"] / path).read_bytes()
        assert entry["bytes"] == len(data) and data.startswith(b"%PDF-")
        assert entry["title"] == docs[path].title and entry["kind"] == docs[path].kind
        assert entry["cached"] is False
    assert (rendered["cache"] / "manifest.json").is_file()
    progress = [w for w in rendered["warnings"] if re.fullmatch(r"pdf: \d+ of \d+ rendered", w)]
    assert [w for w in rendered["warnings"] if w not in progress] == []  # WeasyPrint had nothing to complain about
    misses = sum(not m["cached"] for m in rendered["cold"].values())
    assert progress == [f"pdf: {n} of {misses} rendered" for n in range(25, misses, 25)]  # a cold render says how far it is


def test_second_render_copies_from_cache_and_gives_identical_bytes(rendered):
    warm = rendered["warm"]
    assert all(entry["cached"] for entry in warm.values())
    for path, entry in warm.items():
        assert entry["sha256"] == rendered["cold"][path]["sha256"]
        assert (rendered["again"] / path).read_bytes() == (rendered["out"] / path).read_bytes()


def test_rendering_twice_gives_byte_identical_pdfs(rendered, docs):
    # Rendered again here, in this process, without the cache: same bytes as the pool's render.
    css = pdf_script.CSS_FILE.read_text(encoding="utf-8")
    for path in ("checklists/participant-selection.pdf", "toolkits/prepare.pdf"):
        data, _ = pdf_script.render_pdf(docs[path].html, css)
        assert data == (rendered["out"] / path).read_bytes(), path


def test_page_sizes(rendered):
    for path in rendered["cold"]:
        expected = LETTER if path.endswith("-letter.pdf") else A4
        for page in reader(rendered, path).pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert abs(size[0] - expected[0]) <= 1 and abs(size[1] - expected[1]) <= 1, (path, size)


def test_form_fields_are_the_item_ids_in_order(handbook, rendered):
    for path in rendered["cold"]:
        if path.startswith(("briefs/", "aids/")):  # read, not filled in
            assert "/AcroForm" not in reader(rendered, path).trailer["/Root"], path
            continue
        if path.startswith("template/"):  # text fields only: tests/test_templates.py
            continue
        form = reader(rendered, path).trailer["/Root"]["/AcroForm"]
        fields = [field.get_object() for field in form["/Fields"]]
        fields = [field for field in fields if field["/FT"] == "/Btn"]  # the checklist's own PDF adds text fields
        assert [field["/T"] for field in fields] == expected_fields(handbook, path), path
        for field in fields:  # a checkbox that draws its own tick, with the item as its tooltip
            assert field["/FT"] == "/Btn" and "/on" in field["/AP"]["/N"] and field["/TU"]
        # Viewers must use those appearances: regenerating them, Poppler draws no tick.
        assert form["/NeedAppearances"].value is False


def test_language_and_title(rendered, handbook):
    for path, entry in rendered["cold"].items():
        pdf = reader(rendered, path)
        assert pdf.trailer["/Root"]["/Lang"] == "en"
        assert pdf.metadata.title == entry["title"]
        if entry["kind"] == "checklist":
            assert entry["title"] == handbook.checklists[Path(path).stem.removesuffix("-letter")].title


def fonts_of(resources, seen: set) -> list:
    """Every font dictionary reachable from a resources dictionary (page or form XObjects)."""
    found = []
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        found.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if id(xobject) not in seen and "/Resources" in xobject:
            seen.add(id(xobject))
            found += fonts_of(xobject["/Resources"], seen)
    return found


def test_all_fonts_are_embedded(rendered):
    for path in rendered["cold"]:
        pdf = reader(rendered, path)
        fonts = [f for page in pdf.pages for f in fonts_of(page.get("/Resources"), set())]
        assert fonts, path
        for font in fonts:
            descriptors = [d.get_object()["/FontDescriptor"] for d in font.get("/DescendantFonts", [])]
            descriptors += [font["/FontDescriptor"]] if "/FontDescriptor" in font else []
            assert descriptors, (path, font.get("/BaseFont"))
            for descriptor in descriptors:
                descriptor = descriptor.get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), (path, font["/BaseFont"])


def test_pdfs_are_tagged(rendered):
    for path in rendered["cold"]:
        root = reader(rendered, path).trailer["/Root"]
        assert "/StructTreeRoot" in root, path
        assert root["/MarkInfo"]["/Marked"].value is True, path


def test_internal_links_resolve(rendered):
    for path in rendered["cold"]:
        pdf = reader(rendered, path)
        names = pdf.named_destinations
        pages = {page.indirect_reference.idnum for page in pdf.pages}
        internal = 0
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                annotation = annotation.get_object()
                if annotation.get("/Subtype") != "/Link":
                    continue
                action = annotation.get("/A")
                dest = annotation.get("/Dest")
                if action is not None and action.get("/S") == "/GoTo":
                    dest = action["/D"]
                if dest is None:
                    assert action.get("/S") == "/URI", (path, annotation)
                    continue
                internal += 1
                if isinstance(dest, str):
                    assert dest in names, (path, dest)
                else:
                    assert dest[0].idnum in pages, (path, dest)
        if not path.startswith(("checklists/", "briefs/", "aids/", "template/")):
            assert internal > 0, path  # at least the table of contents


def test_toolkits_and_handbook_have_bookmarks_for_every_part(handbook, rendered, print_site):
    for step in vocab.STEPS:
        titles = outline_titles(reader(rendered, f"toolkits/{step}.pdf").outline)
        chapter = print_html.step_chapter(handbook, step)
        assert f"{chapter.title}, in brief" in titles
        for checklist in print_html.step_checklists(handbook, step):
            assert checklist.title in titles
    titles = outline_titles(reader(rendered, "handbook.pdf").outline)
    for path in print_site.chapters:
        assert handbook.pages[path].title in titles
    assert {"Contents", "Glossary", "References", "Checklists"} <= set(titles)
    assert {c.title for c in handbook.checklists.values()} <= set(titles)


def test_checklists_are_small(rendered):
    for path, entry in rendered["cold"].items():
        if entry["kind"] == "checklist":
            assert entry["bytes"] < 100_000, (path, entry["bytes"])


def early_breaks(pdf_path: Path) -> list[tuple[int, str, str]]:
    """Lines of full-width text that end although the next line's first word would have fitted."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ElementTree.fromstring(re.sub(r'\sxmlns="[^"]+"', "", xml, count=1))
    found = []
    for number, page in enumerate(root.iter("page"), start=1):
        right = max((float(w.get("xMax")) for w in page.iter("word")), default=0)
        for block in page.iter("block"):
            if float(block.get("xMax")) < right - 15:  # table cells and short blocks
                continue
            lines = [list(line.iter("word")) for line in block.iter("line")]
            for this, following in zip(lines, lines[1:]):
                if not this or not following or not following[0].text[:1].islower():
                    continue
                word = following[0]
                needed = float(word.get("xMax")) - float(word.get("xMin")) + 3
                if float(this[-1].get("xMax")) + needed < right - 40:
                    found.append((number, " ".join(w.text for w in this)[-40:], word.text))
    return found


def test_no_line_of_the_handbook_ends_early(rendered):  # pdftotext: poppler-utils, installed by scripts/setup.sh
    assert early_breaks(rendered["out"] / "handbook.pdf") == []


# --- command line ------------------------------------------------------------------------------------


def test_command_refuses_invalid_content_with_path_line_messages(tmp_path):
    broken = ROOT / "tests" / "fixtures" / "broken"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "pdf.py"), "--root", str(broken),
                             "--out", str(tmp_path / "out"), "--cache", str(tmp_path / "cache")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = [str(problem) for problem in validate(broken)[1]]
    assert expected and result.stderr.splitlines()[:len(expected)] == expected
    assert not (tmp_path / "out").exists()
