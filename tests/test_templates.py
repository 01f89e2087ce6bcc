"""Templates (forms, logs, letters and agendas to fill in), the fillable fields of every printed form,
the Word copies of pages printed whole, and the kit a reader builds in the browser from the site's PDFs."""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import docx
import justhtml
import pypdf
import pytest

from macros.checks.rules import validate
from macros.content import vocab
from macros.content.vocab import TEMPLATE_EXAMPLE, TEMPLATE_FORM
from macros.outputs.site_html import kit_choices
from macros.paths import checklist_files, printable, printable_files, site_path

FIELD_FONT = "T2-Field-Sans"


def templates(handbook) -> list:
    return sorted((p for p in handbook.pages.values() if (printable(p.path) or None) and
                   printable(p.path).kind == "template"), key=lambda p: p.path)


def form_section(html: str) -> list:
    """The top-level nodes of a built page's article between the template heading and the next h2."""
    article = justhtml.JustHTML(html, sanitize=False).query_one("article")
    nodes, inside = [], False
    for node in article.children:
        if node.name == "h2":
            inside = node.attrs.get("id") == TEMPLATE_FORM
        elif inside and isinstance(node, justhtml.Element):
            nodes.append(node)
    return nodes


def spaces_to_fill(nodes: list) -> tuple[list[str], int]:
    """The labels of the blank() spaces in a form, and how many empty body cells its tables have."""
    labels, cells = [], 0
    for node in nodes:
        blanks = [node] if "t2-blank" in (node.attrs.get("class") or "").split() else node.query(".t2-blank")
        labels += [b.query_one(".t2-blank__label").to_text().strip() for b in blanks]
        cells += sum(1 for cell in node.query("tbody td") if not cell.to_text().strip())
    return labels, cells


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


# --- the content ---------------------------------------------------------------------------------


def test_there_are_seventeen_templates_each_with_its_form_use_and_example(handbook):
    pages = templates(handbook)
    assert len(pages) >= 17, [p.path for p in pages]
    for page in pages:
        assert page.title.startswith("Template: "), page.path
        level_two = [h.anchor for h in page.headings if h.level == 2]
        assert [a for a in level_two if a in ("template", "how-to-use", "example")] == \
            ["template", "how-to-use", "example"], page.path
        assert "../scenario/worked-scenario.md" in {link.target.split("#")[0] for link in page.links}, page.path


def test_every_step_chapter_links_a_template_and_every_template_is_linked(handbook):
    import posixpath
    linked = set()
    for chapter in (c for c in handbook.chapters.values() if c.step):
        base = posixpath.dirname(chapter.page.path)
        targets = {posixpath.normpath(posixpath.join(base, link.target.split("#")[0])) for link in chapter.page.links}
        mine = targets & {p.path for p in templates(handbook)}
        assert len(mine) >= 2, f"{chapter.id} links {sorted(mine)}"
        linked |= mine
    assert linked == {p.path for p in templates(handbook)}, "templates no step chapter links"


# --- PDFs: fillable, on four pages, the example on its own pages ----------------------------------


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_each_template_pdf_is_a_form_with_a_field_for_every_space_to_fill(site, handbook, paper):
    for page in templates(handbook):
        pdf = site / "downloads" / printable_files(page.path)[paper]
        reader = pypdf.PdfReader(pdf)
        assert len(reader.pages) <= printable(page.path).pages, f"{pdf.name}: {len(reader.pages)} pages"
        labels, cells = spaces_to_fill(form_section((site / site_path(page.path, False)).read_text(encoding="utf-8")))
        assert labels or cells, f"{page.path}: the template has nothing to fill in"
        fields = reader.get_fields() or {}
        text_fields = {name: field for name, field in fields.items() if field.get("/FT") == "/Tx"}
        assert len(text_fields) == len(labels) + cells, pdf.name
        described = [str(field.get("/TU", "")) for field in text_fields.values()]
        assert all(described), f"{pdf.name}: a field has no description for screen readers"
        assert labels == [d for d in described if d in labels], f"{pdf.name}: fields out of reading order"
        multiline = [f for f in text_fields.values() if int(f.get("/Ff", 0)) & (1 << 12)]
        assert len(multiline) == len(labels), pdf.name


def test_a_template_example_starts_on_a_page_of_its_own(site, handbook):
    for page in templates(handbook):
        pdf = site / "downloads" / printable_files(page.path)["a4"]
        pages = len(pypdf.PdfReader(pdf).pages)
        title = page.anchor(TEMPLATE_EXAMPLE).title
        starts = [n for n in range(1, pages + 1) if title in pdf_text(pdf, n)]
        assert len(starts) == 1, f"{pdf.name}: '{title}' on pages {starts}"
        body = [line.strip() for line in pdf_text(pdf, starts[0]).splitlines() if line.strip()]
        assert title in " ".join(body[:2]), f"{pdf.name}: the example starts mid-page: {body[:3]}"


def test_checklist_pdfs_have_owner_due_and_evidence_fields_beside_the_same_tick_boxes(site, handbook):
    for checklist in handbook.checklists.values():
        fields = pypdf.PdfReader(site / "downloads" / checklist_files(checklist.id)["a4"]).get_fields()
        for item in checklist.items:
            assert fields[item.id].get("/FT") == "/Btn", item.id  # the published id: saved ticks still match
            for part in ("owner", "due", "evidence"):
                field = fields[f"{item.id}__{part}"]
                assert field.get("/FT") == "/Tx" and str(field.get("/TU")).startswith(part.capitalize()), item.id


def test_text_fields_use_the_small_latin_field_font_not_the_whole_text_font(site, handbook):
    biggest = max(handbook.checklists.values(), key=lambda c: len(c.items))
    pdf = site / "downloads" / checklist_files(biggest.id)["a4"]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert FIELD_FONT in fonts
    # DejaVu Sans embedded whole for the fields would add about 420 KB to every file.
    assert pdf.stat().st_size < 200_000, f"{pdf.name}: {pdf.stat().st_size} bytes"
    for page in templates(handbook):
        size = (site / "downloads" / printable_files(page.path)["a4"]).stat().st_size
        assert size < 200_000, f"{page.path}: {size} bytes"


def test_first_pages_of_a_template_render(site, handbook, tmp_path):
    pdf = site / "downloads" / printable_files(templates(handbook)[0].path)["a4"]
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    [png] = tmp_path.glob("p*.png")
    assert png.stat().st_size > 5_000


# --- Word copies ----------------------------------------------------------------------------------


def word_blocks(document) -> list[tuple[str, object]]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    blocks = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[1]
        if tag == "p":
            blocks.append(("p", Paragraph(child, document)))
        elif tag == "tbl":
            blocks.append(("table", Table(child, document)))
    return blocks


def test_every_brief_aid_and_template_has_a_word_copy_with_its_headings_tables_and_spaces(site, handbook):
    for page in sorted((p for p in handbook.pages.values() if printable(p.path)), key=lambda p: p.path):
        path = site / "downloads" / printable_files(page.path)["docx"]
        document = docx.Document(str(path))
        blocks = word_blocks(document)
        headings = [b.text for kind, b in blocks if kind == "p" and b.style.name.startswith("Heading")]
        assert headings == [page.title] + [h.title for h in page.headings if h.level > 1], path.name
        html = (site / site_path(page.path, False)).read_text(encoding="utf-8")
        article = justhtml.JustHTML(html, sanitize=False).query_one("article")
        tables = len(article.query("table")) + len(article.query(".t2-blank"))
        assert sum(kind == "table" for kind, _ in blocks) == tables, path.name
        links = [r.target_ref for r in document.part.rels.values() if r.is_external]
        assert links, path.name
        for link in links:  # the site's own pages, as published (no site_url set here: site-relative)
            assert link.startswith(("https://", "mailto:")) or (site / link.split("#")[0]).is_file(), link
        assert document.core_properties.title == page.title
        if printable(page.path).kind == "template":
            index = headings.index(page.anchor(TEMPLATE_EXAMPLE).title)
            paragraphs = [b for kind, b in blocks if kind == "p"]
            heading = next(p for p in paragraphs if p.text == headings[index])
            before = paragraphs[paragraphs.index(heading) - 1]
            assert 'w:type="page"' in before._p.xml, f"{path.name}: the example does not start a page"
            labels, cells = spaces_to_fill(form_section(html))
            empty = sum(1 for kind, t in blocks if kind == "table" for row in t.rows[1:]
                        for cell in row.cells if not cell.text.strip())
            assert empty >= cells, f"{path.name}: {empty} empty cells for {cells} in the form"


def test_word_copies_are_the_same_bytes_from_build_to_build(handbook):
    from macros.outputs.adaptable import page_docx
    page = templates(handbook)[0]
    first, second = page_docx(handbook, page, "https://example.org/"), page_docx(handbook, page, "https://example.org/")
    assert first == second
    assert zipfile.ZipFile(io.BytesIO(first)).namelist()[0] == "[Content_Types].xml"


# --- what is listed where ---------------------------------------------------------------------------


def test_downloads_and_open_data_list_every_template_file(site, handbook):
    import json
    tools = json.loads((site / "downloads" / "data" / "tools.json").read_text(encoding="utf-8"))
    listed = {t["page"]: t for t in tools if t["kind"] == "template"}
    assert set(listed) == {site_path(p.path, False) for p in templates(handbook)}
    downloads = (site / "downloads.html").read_text(encoding="utf-8")
    for page in templates(handbook):
        for file in printable_files(page.path).values():
            assert f"downloads/{file}" in downloads, file
            assert (site / "downloads" / file).is_file(), file
        assert (site / listed[site_path(page.path, False)]["docx"]).is_file()


# --- the validator ------------------------------------------------------------------------------


TINY_TEMPLATE = """---
title: "Template: tiny"
summary: "A tiny template."
reviewed: 2026-12-05
render_macros: true
---

# Template: tiny

Who fills it in.

## The template {{ #template }}

{{{{ blank("What happened", lines="{lines}") }}}}

## How to use it {{ #how-to-use }}

- Use it.

## Example, filled in {{ #example }}

{example}
"""


@pytest.mark.parametrize("lines, example, folder, expected", [
    ("0", "It rained.", "template", "docs/template/tiny.md:14: blank() lines must be a whole number from 1 to 12"),
    ("three", "It rained.", "template", "docs/template/tiny.md:14: blank() lines must be a whole number from 1 to 12"),
    ("3", '{{ blank("Left blank") }}', "template",
     "docs/template/tiny.md:22: the example is filled in: write the answer instead of blank()"),
    ("3", "It rained.", "templates", "docs/templates/tiny.md:1: MkDocs never publishes files under docs/templates/"),
])
def test_template_mistakes_are_reported_at_their_line(repo, lines, example, folder, expected):
    path = repo / "docs" / folder / "tiny.md"
    path.parent.mkdir(exist_ok=True)
    path.write_text(TINY_TEMPLATE.format(lines=lines, example=example), encoding="utf-8")
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - Templates:\n", f"  - Templates:\n      - {folder}/tiny.md\n"), encoding="utf-8")
    _, problems = validate(repo)
    messages = [str(p) for p in problems]
    assert any(m.startswith(expected) for m in messages), messages


def test_a_template_without_its_example_is_reported(repo):
    path = repo / "docs" / "template" / "tiny.md"
    path.write_text(TINY_TEMPLATE.format(lines="3", example="x").split("## Example")[0], encoding="utf-8")
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - Templates:\n", "  - Templates:\n      - template/tiny.md\n"), encoding="utf-8")
    _, problems = validate(repo)
    assert "docs/template/tiny.md:8: a template needs the section '## Example, filled in { #example }'" in \
        [str(p) for p in problems]


# --- build your own kit, in Chromium ------------------------------------------------------------


def test_the_kit_page_offers_every_checklist_template_aid_and_brief(site, handbook):
    html = (site / "kit.html").read_text(encoding="utf-8")
    boxes = justhtml.JustHTML(html, sanitize=False).query("input[name=t2-kit-item]")
    printables = [p for p in handbook.pages.values() if printable(p.path)]
    assert len(boxes) == len(handbook.checklists) + len(printables)
    for box in boxes:
        for paper in ("a4", "letter"):
            assert (site / box.attrs[f"data-{paper}"]).is_file(), box.attrs[f"data-{paper}"]
    steps = [name for step, name in vocab.STEPS.items() if any(c.step == step for c in handbook.checklists.values())]
    assert [group for group, _ in kit_choices(handbook)] == \
        [f"Checklists: {name}" for name in steps] + ["Templates", "Decision aids", "Two-page briefs"]


def test_a_kit_is_made_in_the_browser_with_a_contents_page(page, server, handbook, tmp_path):
    outside = []
    page.on("request", lambda request: outside.append(request.url) if not request.url.startswith(server)
            and not request.url.startswith("blob:") else None)
    page.goto(server + "kit.html")
    picked = [templates(handbook)[0].title, next(iter(handbook.checklists.values())).title,
              "Decision aid: when to stop?"]
    for title in picked:
        page.get_by_label(title, exact=True).check()
    page.get_by_label("US Letter").check()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Make my kit (PDF)").click()
    kit = tmp_path / "kit.pdf"
    download.value.save_as(kit)
    reader = pypdf.PdfReader(kit)
    boxes = {b.attrs["data-title"]: b.attrs["data-letter"]
             for b in justhtml.JustHTML(page.content(), sanitize=False).query("input[name=t2-kit-item]")}
    parts = [len(pypdf.PdfReader(io.BytesIO(page.request.get(server + boxes[t]).body())).pages) for t in boxes
             if t in picked]
    assert len(reader.pages) == 1 + sum(parts)
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    contents = " ".join(reader.pages[0].extract_text().split())
    assert "Your kit" in contents and "Nothing was sent anywhere" in contents
    order = [t for t in boxes if t in picked]  # the kit keeps the page's order
    positions = [contents.index(title) for title in order]
    assert positions == sorted(positions), contents
    first = 2
    for title, count in zip(order, parts):
        assert f"{title} {first}" in contents, contents
        first += count
    assert not reader.get_fields(), "the kit is for printing: its fields are flattened"
    assert "Your kit is ready" in page.locator("[data-kit-status]").inner_text()
    assert outside == []


def test_from_disk_the_kit_page_says_why_and_offers_the_step_toolkits(page, site):
    page.goto((site / "kit.html").as_uri())
    note = page.locator("[data-kit-unavailable]")
    assert note.is_visible() and "Opened from disk" in note.inner_text()
    assert page.get_by_role("button", name="Make my kit (PDF)").is_disabled()
    for link in note.locator("a").all():
        assert (site / "kit.html").parent.joinpath(link.get_attribute("href")).resolve().is_file()
    assert note.locator("a").count() >= 5


# --- hostile words in a template: text in the page, the PDF's fields and the Word copy -----------------


def template_site(tmp_path, label: str):
    from test_hostile import MKDOCS, full_build, make_site
    page = TINY_TEMPLATE.format(lines="2", example="It rained.").replace(
        'blank("What happened", lines="2")', f"blank('{label}', lines=\"2\")").replace(
        "## How to use it", "| Who | What |\n|---|---|\n| | |\n\n## How to use it")
    config = MKDOCS.replace("  - Glossary: glossary.md", "  - Templates:\n      - template/tiny.md\n  - Glossary: glossary.md")
    root = make_site(tmp_path, {"mkdocs.yml": config, "docs/template/tiny.md": page})
    return full_build(root, tmp_path)


def test_markup_in_a_space_label_is_refused_at_its_line(tmp_path):
    from test_hostile import IMG, MARKER
    result = template_site(tmp_path, IMG)
    said = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in said and not (tmp_path / "out").exists(), said
    assert said.startswith("docs/template/tiny.md:14: raw HTML <img> is not allowed in content"), said
    assert not MARKER.exists()


def test_awkward_words_in_a_template_are_shown_as_written_in_every_output(tmp_path, browser):
    from test_hostile import assert_inert
    label = r'Who said "no" & why (a\\b) &lt;script&gt; 1 < 2 > 0 { {x} }'
    written = label.replace("\\\\", "\\")  # the Jinja string literal reads \\ as one backslash
    result = template_site(tmp_path, label)
    said = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in said, said
    site = tmp_path / "out"
    html = (site / "template" / "tiny.html").read_text(encoding="utf-8")
    [shown] = [b.query_one(".t2-blank__label").to_text() for b in
               justhtml.JustHTML(html, sanitize=False).query(".t2-blank")]
    assert shown == written
    fields = pypdf.PdfReader(site / "downloads" / "template" / "tiny.pdf").get_fields()
    assert [str(f["/TU"]) for f in fields.values()] == [written, "Who, row 1", "What, row 1"]
    document = docx.Document(str(site / "downloads" / "template" / "tiny.docx"))
    assert written in [p.text for p in document.paragraphs]
    assert_inert(browser, site)


def test_on_a_phone_template_pages_pass_axe_and_wide_forms_scroll_by_keyboard(browser, server, site, handbook):
    from test_accessibility import AXE, WCAG_AA
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    tab = context.new_page()
    found, scrolling = {}, 0
    for page in templates(handbook) + [handbook.pages["docs/kit.md"]]:
        path = site_path(page.path, False)
        tab.goto(server + path)
        tab.add_script_tag(path=str(AXE))
        for violation in tab.evaluate(f"axe.run(document, {WCAG_AA})")["violations"]:
            found.setdefault(violation["id"], []).append(f"{path}: {violation['nodes'][0]['target']}")
        boxes = tab.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(w => ({
            scrolls: w.scrollWidth > w.clientWidth + 1, focusable: w.tabIndex === 0,
            named: (w.getAttribute('aria-label') || '').startsWith('Table')}))""")
        assert all(b["focusable"] == b["scrolls"] and b["named"] == b["scrolls"] for b in boxes), (path, boxes)
        scrolling += sum(b["scrolls"] for b in boxes)
    context.close()
    assert found == {}, found
    assert scrolling >= len(templates(handbook))  # the forms are wider than a phone: the check is not empty
