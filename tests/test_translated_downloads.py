"""The downloads in French, Spanish and Arabic, as the real build writes them: one PDF, Word and Markdown
file per English one, linked from the pages of their language, with the same form field names and item
ids; Arabic PDFs set right to left in the vendored Naskh font, whose text a reader can copy out in logical
order (pdftotext), and Arabic Word files whose paragraphs and tables run right to left."""

from __future__ import annotations

import html
import io
import posixpath
import re
import subprocess
from pathlib import Path

import docx
import justhtml
import pypdf
import pytest
from docx.oxml.ns import qn

from conftest import ROOT
from macros.checks.validated import editions
from macros.content.languages import TRANSLATED
from macros.outputs import print_html
from macros.paths import checklist_files, language_root, printable_files

# Marks and bidi controls are left out before comparing text: poppler puts a vowel mark where it is drawn
# and wraps each line in embedding controls. Bullets are list markers, not text.
IGNORED = re.compile(r"[\u064b-\u065f\u0670\u0640\u200e\u200f\u202a-\u202e\u2066-\u2069•◦▪\s]")
ARABIC_WORD = re.compile(r"[\u0621-\u064a]{2,}")
# pdftotext reorders digits and Latin words with the punctuation beside them by its own rules, and
# mirrors brackets and guillemets: lines with them are not evidence either way.
NOT_EVIDENCE = re.compile(r"[0-9A-Za-z«»\[\]()]")
PAGE_WORDS = {"fr": "Page 1 sur", "es": "Página 1 de", "ar": "صفحة"}


@pytest.fixture(scope="module")
def books():
    found, problems = editions(ROOT)
    assert problems == []
    return found


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in (".pdf", ".docx", ".md")
            and p.relative_to(folder).parts[0] not in TRANSLATED}


def pdftotext(path: Path, *options: str) -> str:
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


def comparable(text: str) -> str:
    return IGNORED.sub("", text)


@pytest.mark.parametrize("language", TRANSLATED)
def test_each_language_has_every_pdf_word_and_markdown_file_in_its_own_folder(site, language):
    english = files_under(site / "downloads")
    assert len(english) > 180
    assert files_under(site / "downloads" / language) == english


@pytest.mark.parametrize("language", TRANSLATED)
def test_translated_pages_link_their_own_languages_files(site, language):
    pages = [f"{language}/checklists/participant-selection.html", f"{language}/template/risk-register.html",
             f"{language}/aids/engage-an-armed-group.html", f"{language}/handbook/step-1-assess.html"]
    for page in pages:
        document = justhtml.JustHTML((site / page).read_text(encoding="utf-8"))
        links = [a.attrs["href"] for a in document.query("a[href]") if "/downloads/" in a.attrs["href"]
                 or a.attrs["href"].startswith("../downloads/")]
        targets = [posixpath.normpath(posixpath.join(posixpath.dirname(page), href)) for href in links]
        assert any(t.endswith(".pdf") for t in targets), page
        assert all(t.startswith(f"downloads/{language}/") and (site / t).is_file() for t in targets), (page, targets)


@pytest.mark.parametrize("language", TRANSLATED)
def test_translated_pdfs_say_their_language_and_read_in_it(site, books, language):
    checklist = books[language].checklists["participant-selection"]
    path = site / "downloads" / language_root(language) / checklist_files(checklist.id)["a4"]
    pdf = pypdf.PdfReader(path)
    assert pdf.trailer["/Root"]["/Lang"] == language
    assert pdf.metadata.title == checklist.title
    text = pdftotext(path, "-l", "1")
    assert comparable(checklist.title) in comparable(text)
    assert comparable(books[language].ui["owner"]) in comparable(text)  # the follow-up fields' labels
    assert PAGE_WORDS[language] in text.replace("\u202a", "").replace("\u202b", "").replace("\u202c", "")
    assert "Owner" not in text and "Explained in" not in text


@pytest.mark.parametrize("language", TRANSLATED)
def test_form_fields_keep_their_english_names_and_none_is_filled_in(site, books, language):
    # Saved answers and ticks carry over between languages; a field pre-filled with Arabic would show
    # reversed and unjoined in poppler, so no language fills any.
    names = [checklist_files("participant-selection")["a4"], printable_files("docs/template/risk-register.md")["a4"]]
    for name in names:
        english = pypdf.PdfReader(site / "downloads" / name).get_fields()
        translated = pypdf.PdfReader(site / "downloads" / language / name).get_fields()
        assert sorted(translated) == sorted(english) and len(english) > 20, name
        filled = {key: field.get("/V") for key, field in translated.items()
                  if field.get("/FT") == "/Tx" and field.get("/V") not in (None, "")}
        assert filled == {}, name


def test_arabic_pdfs_are_set_right_to_left_in_the_vendored_naskh_font(site, books):
    checklist = books["ar"].checklists["participant-selection"]
    name = checklist_files(checklist.id)["a4"]
    for language, right_to_left in (("en", False), ("ar", True)):
        pdf = pypdf.PdfReader(site / "downloads" / language_root(language) / name)
        page = pdf.pages[0]
        middle = float(page.mediabox.width) / 2
        boxes = [float(a.get_object()["/Rect"][0]) for a in page.get("/Annots", [])
                 if a.get_object().get("/FT") == "/Btn"]
        assert boxes, language
        # Each item's checkbox sits at the start of its line: the right edge in Arabic, the left in English.
        assert all((x > middle) == right_to_left for x in boxes), (language, boxes)
    fonts = subprocess.run(["pdffonts", str(site / "downloads" / "ar" / name)], capture_output=True, text=True,
                           check=True).stdout
    assert "T2-Naskh-Arabic" in fonts and "T2-Naskh-Arabic-Bold" in fonts


def _bottom_corner(path: Path, side: str) -> str:
    """The text in a bottom corner of a PDF's first page (the margin boxes: footer and page number)."""
    width = float(pypdf.PdfReader(path).pages[0].mediabox.width)
    x = 0 if side == "left" else int(width / 2)
    return pdftotext(path, "-f", "1", "-l", "1", "-x", str(x), "-y", "770", "-W", str(int(width / 2)), "-H", "72")


def test_arabic_page_footers_change_sides(site, books):
    """A page starts on the right in Arabic: the footer (site name, title, review date) moves to the
    right-hand margin box and the page number to the left; English keeps them the other way round."""
    name = checklist_files("participant-selection")["a4"]
    for language, footer_side, number_side in (("en", "left", "right"), ("ar", "right", "left")):
        path = site / "downloads" / language_root(language) / name
        words = books[language].ui
        footer, number = _bottom_corner(path, footer_side), _bottom_corner(path, number_side)
        assert comparable(words["site_name"]) in comparable(footer), (language, footer)
        assert comparable(words["page_number"]) in comparable(number), (language, number)
        assert comparable(words["page_number"]) not in comparable(footer), (language, footer)


def test_arabic_text_extracts_in_logical_order(site, books):
    """Every line pdftotext reads from the Arabic checklists, briefs, aids and templates appears, in the
    same order, in the text the PDF was made from; text read in visual order would match almost none."""
    documents = [d for d in print_html.documents(books["ar"], print_html.print_site(ROOT))
                 if d.kind in ("checklist", "brief", "aid", "template") and not d.path.endswith("-letter.pdf")]
    assert len(documents) > 40
    lines = missing = reversed_found = 0
    misses = []
    for document in documents:
        source = justhtml.JustHTML(document.html).root.to_text()
        footers = " ".join(html.unescape(f) for f in re.findall(r'data-footer="([^"]*)"', document.html))
        reference = comparable(source + footers)
        for line in pdftotext(site / "downloads" / document.path).splitlines():
            if len(ARABIC_WORD.findall(line)) < 2 or NOT_EVIDENCE.search(line):
                continue
            lines += 1
            if comparable(line) not in reference:
                missing += 1
                misses.append(f"{document.path}: {line}")
            words = ARABIC_WORD.findall(line)
            reversed_found += len(words) > 3 and comparable("".join(reversed(words))) in reference
    assert lines > 3000
    assert reversed_found == 0  # the control: the same lines in visual (reversed) word order match nothing
    # Poppler still splits a few lines where a mark meets a ligature, or where a table's cells share a line.
    assert missing <= lines // 100, "\n".join(misses[:20])


def test_arabic_figures_print_as_text_that_reads_in_order(site, books):
    """WeasyPrint draws SVG text a letter at a time (unjoined, reversed): the Arabic PDFs give each
    diagram in words instead, and every label of every diagram reads back from the handbook PDF in order."""
    text = comparable(pdftotext(site / "downloads" / "ar" / "handbook.pdf"))
    figures = books["ar"].figures.values()
    assert all(f.language == "ar" for f in figures)
    labels = [item.label for f in figures for item in f.items]
    misses = [label for label in labels if comparable(label) not in text]
    assert len(labels) > 40 and misses == [], misses


def word_xml(path: Path) -> tuple[docx.document.Document, str]:
    document = docx.Document(io.BytesIO(path.read_bytes()))
    return document, document.element.xml + document.styles.element.xml


@pytest.mark.parametrize("language", TRANSLATED)
def test_translated_word_and_markdown_copies_read_in_their_language_with_the_english_ids(site, books, language):
    checklist, words = books[language].checklists["participant-selection"], books[language].ui
    folder = site / "downloads" / language / "checklists"
    document, xml = word_xml(folder / f"{checklist.id}.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == checklist.title and checklist.items[0].text.rstrip(".") in text
    assert document.core_properties.language == language
    assert [c.text for c in document.tables[0].rows[0].cells] == [f"{words[k]}{words['colon']} "
                                                                  for k in ("owner", "due", "evidence")]
    assert "Explained in" not in text and "Owner" not in xml
    markdown = (folder / f"{checklist.id}.md").read_text(encoding="utf-8")
    assert markdown.startswith(f"# {checklist.title}")
    assert re.findall(r"^- \[ \] .* <!-- id: ([^ ]+) -->$", markdown, re.M) == [item.id for item in checklist.items]
    assert words["this_checklist"] in markdown and f"{language}/checklists/{checklist.id}.html" in markdown


def test_arabic_word_copies_run_right_to_left_and_others_do_not(site):
    for language, right_to_left in (("en", False), ("fr", False), ("ar", True)):
        for name in ("checklists/participant-selection.docx", "template/risk-register.docx"):
            document, xml = word_xml(site / "downloads" / language_root(language) / name)
            defaults = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
            assert (defaults.find(qn("w:bidi")) is not None) == right_to_left, (language, name)
            tables = document.element.body.findall(f".//{qn('w:tbl')}")
            assert tables and all((t.find(f"{qn('w:tblPr')}/{qn('w:bidiVisual')}") is not None) == right_to_left
                                  for t in tables), (language, name)
            # Bold Arabic needs the complex-script twin of bold wherever bold is set.
            if right_to_left:
                assert xml.count("<w:b/>") == xml.count("<w:bCs/>") > 0
            spelling = {"en": "en-GB", "fr": "fr-FR", "ar": "ar-SA"}[language]
            assert f'w:val="{spelling}"' in xml or f'w:bidi="{spelling}"' in xml
