"""Figures: concept diagrams, case timelines and the chart of all cases, judged on what is built.

The drawings are read back from the built pages and PDFs (not from the renderer's own idea of them),
measured in Chromium at phone width, and fed hostile labels.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import html_elements, html_text
from macros.checks.output_policy import judge
from macros.content.model import EventDate, Figure, FigureItem, Words
from macros.outputs import figures
from macros.outputs.figures import date_short
from macros.content.languages import LANGUAGES
from macros.paths import language_root, site_path

PHONE = {"width": 360, "height": 740}
SMALLEST_TEXT_PX = 10.5  # rendered size of the smallest label at phone width


def page_of(site: Path, repo_path: str) -> str:
    return (site / site_path(repo_path, False)).read_text(encoding="utf-8")


def figure_pages(handbook) -> dict[str, str]:
    """Figure id -> the repository path of the page that shows it."""
    return {call.args[0]: page.path for page in handbook.pages.values() for call in page.calls
            if call.name == "figure"}


# --- the model and the renderer ---------------------------------------------------------------------


def test_the_handbook_has_at_least_eight_diagrams_each_shown_once(handbook):
    shown = figure_pages(handbook)
    assert len(handbook.figures) >= 8
    assert set(shown) == set(handbook.figures)
    assert len({handbook.figures[f].kind for f in shown}) >= 5, "diagrams of several kinds"


HOSTILE = '</text><script>alert(1)</script><foreignObject><iframe src="https://evil.example/"/>'


@pytest.mark.parametrize("kind", sorted(figures.DRAWINGS))
def test_every_kind_escapes_its_words_and_passes_the_output_policy(kind):
    count = {"matrix": 4, "pyramid": 3}.get(kind, 5)
    fig = Figure(id="hostile", kind=kind, title=HOSTILE, caption=HOSTILE, alt=HOSTILE,
                 items=[FigureItem(f"{HOSTILE} {n}", HOSTILE) for n in range(count)], line=1,
                 rows=[HOSTILE, "b"], columns=[HOSTILE, "d"], centre=HOSTILE, start=HOSTILE, end=HOSTILE)
    html = figures.diagram(fig, "")
    assert judge(html, "handbook/x.html").findings == []
    assert not html_elements(html, "script") and not html_elements(html, "iframe") and not html_elements(html, "foreignobject")
    assert "alert(1)" in html_text(html_elements(html, "svg")[0]), "the words are shown as text"


def test_diagrams_are_named_and_described_by_their_words(site, handbook):
    for fig_id, path in figure_pages(handbook).items():
        fig = handbook.figures[fig_id]
        html = page_of(site, path)
        [element] = [f for f in html_elements(html, "figure") if f.attrs.get("id") == f"figure-{fig_id}"]
        [svg] = html_elements(element, "svg")
        assert svg.attrs["role"] == "img"
        title = next(n for n in html_elements(svg, "title") if n.attrs.get("id") == svg.attrs["aria-labelledby"])
        desc = next(n for n in html_elements(svg, "desc") if n.attrs.get("id") == svg.attrs["aria-describedby"])
        assert html_text(title) == fig.title and html_text(desc) == fig.alt
        assert not fig.alt.lower().startswith(("diagram of", "image of", "figure of", "picture of"))
        drawn = " ".join(html_text(t) for t in html_elements(svg, "text"))
        for words in [i.label for i in fig.items] + [i.note for i in fig.items if i.note] + fig.rows + fig.columns:
            assert " ".join(words.split()) in " ".join(drawn.split()), f"{fig_id}: '{words}' not drawn"
        caption = html_text(html_elements(element, "figcaption")[0])
        assert fig.caption in " ".join(caption.split())


# --- case timelines ---------------------------------------------------------------------------------


def test_every_case_page_has_a_timeline_matching_its_events(site, handbook):
    lanes = {}
    for case in handbook.cases.values():
        html = page_of(site, case.page.path)
        [element] = [f for f in html_elements(html, "figure") if f.attrs.get("id") == f"timeline-{case.id}"]
        [svg] = html_elements(element, "svg")
        marks = sorted(html_elements(svg, "rect") + html_elements(svg, "circle") + html_elements(svg, "polygon"),
                       key=lambda n: n.origin_line or 0)
        marks = [m for m in marks if "t2-f-lane-mark" in m.attrs.get("class", "")]
        assert len(marks) == len(case.events), case.id
        texts = [" ".join(html_text(t).split()) for t in html_elements(svg, "text")]
        dates = [t for t in texts if re.fullmatch(r"(\d{1,2} )?([A-Z][a-z]{2,3} )?\d{4}", t)]
        assert sorted(dates) == sorted(date_short(e.date, handbook.ui) for e in case.events), case.id
        for event in case.events:
            assert " ".join(event.what.split()) in " ".join(texts), f"{case.id}: '{event.what}' not drawn"
        for mark, event in zip(sorted(marks, key=lambda m: _centre(m)[1]), case.events):
            assert f"t2-f-lane-{event.track.replace('.', '-')}" in mark.attrs["class"], case.id
            lanes.setdefault(event.track, set()).add(_centre(mark)[0])
        desc = html_text(html_elements(svg, "desc")[0])
        assert all(figures.date_words(e.date, handbook.ui) in desc for e in case.events)
        cited = {a.attrs["href"].rsplit("#", 1)[1] for a in html_elements(element, "a")}
        assert cited == {e.source for e in case.events}, f"{case.id}: the caption cites each event's source"
    assert all(len(xs) == 1 for xs in lanes.values()), f"each track has one lane: {lanes}"
    assert len(lanes) == 4


def _centre(mark) -> tuple[float, float]:
    """Where a lane marker (circle, square or polygon) sits: its bounding box's centre."""
    attrs = mark.attrs
    if "cx" in attrs:
        return float(attrs["cx"]), float(attrs["cy"])
    if "x" in attrs:
        return float(attrs["x"]) + float(attrs["width"]) / 2, float(attrs["y"]) + float(attrs["height"]) / 2
    xs, ys = zip(*(map(float, point.split(",")) for point in attrs["points"].split()))
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def _event_lines(path: Path) -> tuple[list[str], list[int]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines, [n for n, line in enumerate(lines) if line.startswith("  - date:")]


def test_a_wrong_event_date_or_source_is_reported_at_its_line(repo):
    cases = repo / "docs" / "case-studies"
    lines, dates = _event_lines(cases / "oslo-back-channel.md")
    lines[dates[1]] = "  - date: 1993-02-30"  # YAML refuses it, so MkDocs would drop the whole front matter
    (cases / "oslo-back-channel.md").write_text("\n".join(lines), encoding="utf-8")
    lines, dates = _event_lines(cases / "aceh-peace-process.md")
    lines[dates[2]] = '  - date: "2001-13"'
    (cases / "aceh-peace-process.md").write_text("\n".join(lines), encoding="utf-8")
    lines, wajir_dates = _event_lines(cases / "wajir-peace-committees.md")  # a case whose fields are otherwise valid
    source_line = next(n for n in range(wajir_dates[3], len(lines)) if lines[n].startswith("    source:"))
    lines[source_line] = "    source: nobody-2000"
    (cases / "wajir-peace-committees.md").write_text("\n".join(lines), encoding="utf-8")
    result = subprocess.run([sys.executable, str(repo / "scripts" / "validate.py"), "--root", str(repo)],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    oslo_date = _event_lines(cases / "oslo-back-channel.md")[1][1] + 1
    assert f"docs/case-studies/oslo-back-channel.md:{oslo_date}: 1993-02-30 is not a date that exists" in result.stdout
    aceh = "docs/case-studies/aceh-peace-process.md"
    assert f"{aceh}:{dates[2] + 1}: field 'date' must be a year, a month in quotes or a day" in result.stdout
    wajir = "docs/case-studies/wajir-peace-committees.md"
    assert f"{wajir}:{wajir_dates[3] + 1}: event source 'nobody-2000' is not in docs/_data/references.yml" \
        in result.stdout


@pytest.mark.parametrize("written, shown", [(EventDate(1993), "1993"), (EventDate(1993, 9), "Sept 1993"),
                                            (EventDate(1993, 9, 29), "29 Sept 1993")])
def test_dates_are_shown_as_precisely_as_written(written, shown):
    assert date_short(written, Words(language="en")) == shown


def test_open_data_carries_every_event(site, handbook):
    data = site / "downloads" / "data"
    cases = {c["id"]: c for c in json.loads((data / "case-studies.json").read_text(encoding="utf-8"))}
    rows = list(csv.DictReader(io.StringIO((data / "case-events.csv").read_text(encoding="utf-8"))))
    for case in handbook.cases.values():
        expected = [{"date": e.date.iso(), "track": e.track, "what": e.what, "source": e.source} for e in case.events]
        assert cases[case.id]["events"] == expected
        assert cases[case.id]["short"] == case.short
        assert [{k: r[k] for k in ("date", "track", "what", "source")} for r in rows if r["case_id"] == case.id] \
            == expected
    schema = json.loads((data / "case-studies.schema.json").read_text(encoding="utf-8"))
    import jsonschema
    jsonschema.validate(list(cases.values()), schema)


# --- the chart of all cases -------------------------------------------------------------------------


def test_case_chart_links_every_case_once(site, handbook):
    html = page_of(site, "docs/case-studies/index.md")
    [chart] = [f for f in html_elements(html, "figure") if f.attrs.get("id") == "figure-case-chart"]
    links = [a.attrs["href"] for a in html_elements(chart, "a")]
    expected = sorted(site_path(c.page.path, False).removeprefix("case-studies/") for c in handbook.cases.values())
    assert sorted(links) == expected
    for href in links:
        assert (site / "case-studies" / href).is_file()


# --- in a browser -----------------------------------------------------------------------------------


FIGURE_TEXT_METRICS = """() => [...document.querySelectorAll('figure.t2-figure svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {x: r.left, y: r.top, r: r.right, b: r.bottom, size: parseFloat(getComputedStyle(t).fontSize) *
            (box.width / svg.viewBox.baseVal.width), text: t.textContent};
  });
  return {id: svg.closest('figure').id, box: {x: box.left, y: box.top, r: box.right, b: box.bottom}, texts};
})"""


@pytest.mark.parametrize("language", [language.code for language in LANGUAGES])
def test_figures_fit_a_phone_screen_and_their_text_stays_readable(browser, server, handbook, language):
    """In every language, Arabic drawn right to left included: no text outside its figure or over other text."""
    paths = sorted(set(figure_pages(handbook).values()) | {"docs/case-studies/index.md"}
                   | {c.page.path for c in list(handbook.cases.values())[:4]})
    context = browser.new_context(viewport=PHONE)
    tab = context.new_page()
    seen = 0
    for path in paths:
        tab.goto(f"{server}/{language_root(language)}{site_path(path, False)}")
        for fig in tab.evaluate(FIGURE_TEXT_METRICS):
            seen += 1
            box = fig["box"]
            assert box["r"] <= PHONE["width"], f"{path} {fig['id']} is wider than the screen"
            for text in fig["texts"]:
                where = f"{path} {fig['id']} '{text['text'][:30]}'"
                assert text["size"] >= SMALLEST_TEXT_PX, f"{where}: {text['size']:.1f} px"
                assert box["x"] - 1 <= text["x"] and text["r"] <= box["r"] + 1, f"{where} runs out of the figure"
            overlapping = [(a["text"][:20], b["text"][:20]) for i, a in enumerate(fig["texts"])
                           for b in fig["texts"][i + 1:] if _overlap(a, b)]
            assert overlapping == [], f"{path} {fig['id']}: text over text {overlapping[:3]}"
    context.close()
    assert seen >= len(handbook.figures) + 5


def _overlap(a: dict, b: dict, slack: float = 1.0) -> bool:
    return (min(a["r"], b["r"]) - max(a["x"], b["x"]) > slack and min(a["b"], b["b"]) - max(a["y"], b["y"]) > slack)


def test_figures_show_without_javascript(browser, server, handbook):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    case = next(iter(handbook.cases.values()))
    tab.goto(f"{server}/{site_path(case.page.path, False)}")
    assert tab.locator(f"#timeline-{case.id} svg").bounding_box()["height"] > 150
    tab.goto(f"{server}/case-studies/index.html")
    assert tab.locator("#figure-case-chart svg").bounding_box()["height"] > 300
    context.close()


def test_case_chart_links_are_reached_by_keyboard(page, server, handbook):
    page.goto(f"{server}/case-studies/index.html")
    page.locator("#figure-case-chart").scroll_into_view_if_needed()
    page.evaluate("document.querySelector('#figure-case-chart').previousElementSibling.setAttribute('tabindex', '-1')")
    page.evaluate("document.querySelector('#figure-case-chart').previousElementSibling.focus()")
    reached = []
    for _ in range(len(handbook.cases)):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.closest('#figure-case-chart') ? "
                                     "document.activeElement.getAttribute('href') : null"))
    assert all(reached), f"Tab left the chart early: {reached}"
    assert len(set(reached)) == len(handbook.cases)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/case-studies/" + reached[-1])


# --- in the PDFs ------------------------------------------------------------------------------------


def test_every_diagram_prints_in_the_handbook_pdf_as_text_and_drawing(site, handbook, tmp_path):
    pdf = site / "downloads" / "handbook.pdf"
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    for fig in handbook.figures.values():
        found = [n for n, text in enumerate(pages, start=1) if f"{fig.title}." in " ".join(text.split())]
        assert found, f"{fig.id}: caption not in the handbook PDF"
        words = " ".join(" ".join(pages[n - 1] for n in (found[0] - 1, found[0]) if n >= 1).split())
        for item in fig.items:
            first_word = item.label.split()[0]
            assert first_word in words, f"{fig.id}: label '{item.label}' not printed near its caption"
    # One page with a diagram, rasterised: the drawing puts ink where the text alone would not.
    number = next(n for n, text in enumerate(pages, start=1) if "Routes of transfer." in " ".join(text.split()))
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-f", str(number), "-l", str(number), str(pdf),
                    str(tmp_path / "page")], check=True)
    from PIL import Image
    [png] = list(tmp_path.glob("page*"))
    image = Image.open(png)
    dark = sum(1 for value in image.get_flattened_data() if value < 200)
    assert dark > image.width * image.height * 0.03
