"""The second edition's targets, counted on the content model so that they stay true as content changes:
a case library that is current, global, honest about failure and about women; examples spread across
the library; current evidence; and prose a busy reader can take in."""

from __future__ import annotations

import re
from collections import Counter

from macros.content.macro_calls import parse
from macros.checks.prose import sentences, word_count

REGION_MINIMUMS = {"africa": 4, "americas": 3, "asia": 5, "middle-east": 3}
LONGEST_SENTENCE = 40  # words
TOP_THREE_SHARE = 0.40  # of all example boxes


def example_boxes(body: str, first_line: int, calls) -> list[set[str]]:
    """The cases each `!!! example` box links, box by box. A box is its opening line and the blank or
    indented lines after it, as Python-Markdown's admonition extension reads it."""
    boxes, lines = [], body.split("\n")
    for index, line in enumerate(lines):
        if not re.match(r"(!!!|\?\?\?\+?) example\b", line):
            continue
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or lines[end].startswith("    ")):
            end += 1
        first, last = first_line + index, first_line + end - 1
        boxes.append({c.args[0] for c in calls if c.name == "case" and first <= c.line <= last})
    return boxes


def handbook_example_boxes(handbook) -> list[set[str]]:
    return [box for chapter in handbook.chapters.values()
            for box in example_boxes(chapter.page.body, chapter.page.body_line, chapter.page.calls)]


def test_example_boxes_are_read_box_by_box():
    body = ('Text {{ case("a") }}.\n\n!!! example "Example: b"\n    About {{ case("b") }}\n\n'
            '    still b {{ case("c") }}\n\nOutside {{ case("d") }}.\n\n!!! example "Example: none"\n    No case.\n')
    parts, problems = parse(body, 10)
    assert problems == []
    calls = [p for p in parts if not isinstance(p, str)]
    assert example_boxes(body, 10, calls) == [{"b", "c"}, set()]


def test_case_library_is_global_current_and_honest(handbook):
    cases = list(handbook.cases.values())
    regions = Counter(c.region for c in cases)
    assert {r: regions[r] for r in REGION_MINIMUMS} == {r: max(regions[r], n) for r, n in REGION_MINIMUMS.items()}, regions
    assert len([c for c in cases if c.years[1] > 2015]) >= 4
    assert len([c for c in cases if c.outcome in ("stalled", "no-clear-effect")]) >= 3
    assert len([c for c in cases if c.women in ("led", "centred")]) >= 3


def test_every_case_says_who_was_absent_and_what_women_did(handbook):
    missing = [(c.id, label) for c in handbook.cases.values()
               for label, pattern in (("who was absent", r"^(\*\*|#+ )Who was absent\b"),
                                      ("women", r"^(\*\*|#+ )[^*\n]*\b[Ww]omen\b"))
               if not re.search(pattern, c.page.body, re.M)]
    assert missing == []


def test_every_case_is_used_in_a_chapter(handbook):
    used = {call.args[0] for chapter in handbook.chapters.values() for call in chapter.page.calls
            if call.name == "case"}
    assert sorted(set(handbook.cases) - used) == []


def test_no_three_cases_supply_most_examples(handbook):
    boxes = handbook_example_boxes(handbook)
    counts = Counter(case for box in boxes for case in box)
    top_three = counts.most_common(3)
    assert len(boxes) >= 30
    assert sum(n for _, n in top_three) <= TOP_THREE_SHARE * len(boxes), (top_three, len(boxes))


def test_evidence_is_current(handbook):
    assert len([r for r in handbook.references.values() if r.year >= 2020]) >= 30


def test_no_sentence_runs_over_forty_words(handbook):
    pages = [c.page for c in handbook.chapters.values()] + [c.page for c in handbook.cases.values()]
    long = [(p.path, s[:80]) for p in pages for s in sentences(p.body, handbook) if word_count(s) > LONGEST_SENTENCE]
    assert long == []


def test_who_this_chapter_is_for_is_one_line(handbook):
    sections = {c.id: c.section_body("who-this-chapter-is-for") for c in handbook.chapters.values()}
    assert len([text for text in sections.values() if text]) >= 8
    too_long = [(chapter, len(sentences(text, handbook)), word_count(text)) for chapter, text in sections.items()
                if len(sentences(text, handbook)) > 2 or word_count(text) > 60]
    assert too_long == []
