"""Must-do checklist items ('- [!]' in the source) are marked the same way in every output, and item
ids, on which saved ticks and PDF field names depend, are never dropped or moved."""

from __future__ import annotations

import csv
import io
import json
import subprocess

import pypdf

from conftest import ROOT, html_elements, html_text
from macros.content.loader import load, parse_checklist_body
from macros.paths import checklist_files, checklist_page, site_path

MUST_DO = load(ROOT)[0].ui["must_do"]  # the mark, in English (docs/_data/ui.yml)

PUBLISHED_IDS = ROOT / "tests" / "fixtures" / "published-item-ids.txt"


def test_a_bang_in_the_box_marks_an_item_that_must_be_done():
    body = ("## Before { #before }\n\n- [!] `x-consent` Brief each person on the risks.\n  Why. [A](a.md#b)\n"
            "- [ ] `x-tea` Order tea.\n")
    _, [section], problems = parse_checklist_body("checklists/x.md", body, 1)
    assert problems == []
    assert [(item.id, item.must) for item in section.items] == [("x-consent", True), ("x-tea", False)]


def test_lists_carry_must_do_items_and_most_lists_have_some(handbook):
    lists = list(handbook.checklists.values())
    with_must = [c for c in lists if any(i.must for i in c.items)]
    assert len(with_must) >= len(lists) - 2
    assert all(sum(i.must for i in c.items) <= 5 for c in lists), "must-do is for the few non-negotiables"


def test_site_pdf_and_data_mark_exactly_the_must_do_items(site, handbook):
    data = site / "downloads" / "data"
    items_json = {i["id"]: i["must"] for c in json.loads((data / "checklists.json").read_text(encoding="utf-8"))
                  for s in c["sections"] for i in s["items"]}
    rows = {r["item_id"]: r["must"] for r in csv.DictReader(io.StringIO((data / "checklists.csv").read_text("utf-8")))}
    for cl in handbook.checklists.values():
        must = {i.id for i in cl.items if i.must}
        html = (site / site_path(checklist_page(cl.id), False)).read_text(encoding="utf-8")
        marked = set()
        for li in html_elements(html, "li"):
            if "t2-item-must" in (li.attrs.get("class") or ""):
                marked.add(li.attrs["id"])
                label = next(n for n in html_elements(li, "label"))
                assert html_text(label).startswith(MUST_DO), li.attrs["id"]
        assert marked == must, cl.id
        assert all(items_json[i.id] == i.must and rows[i.id] == ("yes" if i.must else "") for i in cl.items)

        pdf = site / "downloads" / checklist_files(cl.id)["a4"]
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        # One badge per must-do item, and one in the note that explains the mark.
        assert text.count(MUST_DO.upper()) == len(must) + (1 if must else 0), cl.id
        fields = pypdf.PdfReader(pdf).trailer["/Root"]["/AcroForm"]["/Fields"]
        tooltips = {f.get_object()["/T"]: f.get_object()["/TU"] for f in fields}
        assert {name for name, tip in tooltips.items() if tip.startswith(f"{MUST_DO}: ")} == must, cl.id


def test_published_item_ids_stay_in_their_checklist_or_move_with_their_ticks(handbook):
    now = {(c.id, i.id) for c in handbook.checklists.values() for i in c.items}
    moved_to = {(old, i.id) for c in handbook.checklists.values() for old in c.moved_from for i in c.items}
    published = [tuple(line.split()) for line in PUBLISHED_IDS.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")]
    gone = [f"{checklist} {item}" for checklist, item in published
            if (checklist, item) not in now and (checklist, item) not in moved_to]
    assert gone == [], ("published item ids are gone (saved ticks and PDF fields would be lost): "
                        f"{gone}; keep each id, and when an item moves to another checklist list the old "
                        "checklist under that checklist's 'moved-from' so the ticks follow it")
    listed = {item for _, item in published}
    new = sorted(f"{c} {i}" for c, i in now if i not in listed)
    assert new == [], f"add new item ids to {PUBLISHED_IDS.name} when they are published: {new}"
