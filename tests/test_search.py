"""Search: the tuned index, and realistic practitioner queries answered as the search box answers them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from macros.outputs.search_index import SearchIndex, expand_synonyms, tune_index

QUERIES = yaml.safe_load((Path(__file__).parent / "fixtures" / "search_queries.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def index(site) -> SearchIndex:
    return SearchIndex(json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8")))


def test_there_are_at_least_40_realistic_queries():
    assert len(QUERIES) >= 40
    assert len({q["query"] for q in QUERIES}) == len(QUERIES)


@pytest.mark.parametrize("case", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query_finds_the_right_page_in_the_top_3(index, case):
    top = [hit.page for hit in index.search(case["query"])[:3]]
    assert set(case["expect"]) & set(top), f"{case['query']!r}: top 3 were {top}"


def test_hit_rate_is_reported(index, capsys):
    hits = sum(bool(set(q["expect"]) & {h.page for h in index.search(q["query"])[:3]}) for q in QUERIES)
    with capsys.disabled():
        print(f"\nsearch quality: {hits}/{len(QUERIES)} queries have the expected page in the top 3")
    assert hits == len(QUERIES)


def test_synonyms_reach_pages_that_use_the_other_word(index):
    # The Oslo case says "back channel"; a reader types "backchannel", and the reverse.
    assert "case-studies/oslo-back-channel.html" in [h.page for h in index.search("backchannel")[:3]]
    assert "handbook/step-5-follow-up.html" in [h.page for h in index.search("reentry")[:3]]


def test_stop_words_are_dropped_from_questions(index):
    assert index.transform("how do I choose participants") == ["choose*", "participants*"]
    assert index.transform("what if the") == ["what*", "if*", "the*"]  # nothing else left: keep as typed
    assert index.transform("track-two 1.5") == ["track*", "two*", "1.5*"]


def test_expand_synonyms_adds_the_other_words_of_a_group():
    groups = [["back channel", "backchannel", "secret talks"], ["re-entry", "reentry"]]
    assert expand_synonyms("The Back channel opened.", groups) == ["backchannel", "secret talks"]
    assert expand_synonyms("Nothing to see", groups) == []
    assert expand_synonyms("feedback channels", groups) == []  # whole words only


def test_tuned_index_has_glossary_entries_keywords_and_no_markup(handbook):
    raw = {"config": {"lang": ["en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
                      "fields": {"title": {"boost": 1000}, "text": {"boost": 1}}},
           "docs": [{"location": "handbook/step-3-prepare.html", "title": "Step 3", "text": "<p>Plan the <b>venue</b>.</p>"},
                    {"location": "case-studies/oslo-back-channel.html#used-in", "title": "Where", "text": "x"}]}
    tuned = tune_index(raw, handbook, directory_urls=False)
    docs = {d["location"]: d for d in tuned["docs"]}
    assert docs["handbook/step-3-prepare.html"]["text"] == "Plan the venue ."
    assert "venue" in docs["handbook/step-3-prepare.html"]["keywords"]  # from the chapter's front matter
    assert "case-studies/oslo-back-channel.html#used-in" not in docs
    assert docs["glossary.html#ripeness"]["title"] == handbook.glossary["ripeness"].term
    assert tuned["config"]["fields"]["keywords"]["boost"] == 1000


def test_index_stays_small(site, handbook):
    """The index grows with the handbook, but tuning (keywords, synonyms, glossary entries) must not bloat it.

    Budgets per word of content, set when the first edition's 87,000 words gave 713 KB (195 KB gzipped).
    """
    import gzip
    import re
    words = sum(len(re.findall(r"\w+", text)) for text in handbook.texts.values())
    raw = (site / "search" / "search_index.json").read_bytes()
    assert len(raw) / words < 9.5 and len(gzip.compress(raw)) / words < 3.0, (len(raw), words)
