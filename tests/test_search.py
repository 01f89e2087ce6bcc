"""Search: the tuned documents, the prebuilt index, and realistic practitioner queries in every
language answered as the search box answers them (in Python, and in Chromium by the site's own code)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from macros.content.languages import LANGUAGES
from macros.outputs.search_index import INDEX_DIR, Searcher, expand_synonyms, shard_file, tune_index
from macros.paths import language_root

FIXTURES = Path(__file__).parent / "fixtures"
CODES = [language.code for language in LANGUAGES]


def queries(code: str) -> list[dict]:
    name = "search_queries.yml" if code == "en" else f"search_queries.{code}.yml"
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def searchers(site) -> dict[str, Searcher]:
    return {code: Searcher(site / language_root(code) / INDEX_DIR) for code in CODES}


@pytest.mark.parametrize("code", CODES)
def test_each_language_has_at_least_30_realistic_queries(code):
    found = queries(code)
    assert len(found) >= 30
    assert len({q["query"] for q in found}) == len(found)
    assert all(q["expect"] for q in found)


@pytest.mark.parametrize("code", CODES)
def test_95_percent_of_queries_find_the_right_page_in_the_top_3(searchers, code, capsys):
    missed = []
    for case in queries(code):
        top = [hit.page for hit in searchers[code].search(case["query"])[:3]]
        if not set(case["expect"]) & set(top):
            missed.append(f"{case['query']!r}: top 3 were {top}")
    found = queries(code)
    with capsys.disabled():
        print(f"\nsearch quality ({code}): {len(found) - len(missed)}/{len(found)} queries have the expected "
              f"page in the top 3")
    assert len(missed) <= 0.05 * len(found), "\n".join(missed)


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


def test_synonyms_reach_pages_that_use_the_other_word(searchers):
    # The Oslo case says "back channel"; a reader types "backchannel", and the reverse.
    assert "case-studies/oslo-back-channel.html" in [h.page for h in searchers["en"].search("backchannel")[:3]]
    assert "handbook/step-5-follow-up.html" in [h.page for h in searchers["en"].search("reentry")[:3]]


def test_stop_words_are_dropped_from_questions(searchers):
    english = searchers["en"]
    assert english.query_words("How do I choose participants?") == ["choose", "participants"]
    assert english.query_words("what if the") == ["what", "if", "the"]  # nothing else left: keep as typed
    assert english.query_words("track-two 1.5") == ["track", "two", "1", "5"]
    assert searchers["fr"].query_words("Comment choisir les participants ?") == ["choisir", "participants"]
    assert searchers["es"].query_words("¿Cómo elegir a los participantes?") == ["elegir", "participantes"]
    assert searchers["ar"].query_words("كيف نختار المشاركين؟") == ["نختار", "المشاركين"]


@pytest.mark.parametrize("code, written, typed", [
    ("fr", "négociation évaluée", "negociation evaluee"),  # accents left out on a phone keyboard
    ("es", "evaluación del diálogo", "EVALUACION DEL DIALOGO"),
    ("ar", "إحاطة المسؤولين", "احاطه المسؤولين"),  # hamza left off, ة typed as ه
    ("ar", "المُشارِكين", "المشاركين"),  # vowel marks
])
def test_readers_find_the_same_pages_however_they_type_a_word(searchers, code, written, typed):
    first = searchers[code].search(written)
    assert first and [h.location for h in first] == [h.location for h in searchers[code].search(typed)]


@pytest.mark.parametrize("code, one_form, other_form", [
    ("en", "negotiations", "negotiating"),
    ("fr", "négociations", "négociateurs"),
    ("es", "negociaciones", "negociadores"),
    ("ar", "المفاوضات", "والمفاوضات"),
])
def test_a_word_finds_the_other_forms_of_it(searchers, code, one_form, other_form):
    """Stemming at build time: every form in the index maps to its stem, so both forms reach the same
    documents (the second form's own pages among them)."""
    searcher = searchers[code]
    one = set(searcher.scores(one_form)[1])
    other = set(searcher.scores(other_form)[1])
    assert one and one == other


def test_a_word_being_typed_finds_the_longer_words_it_starts(searchers):
    assert "checklists/participant-selection.html" in [h.page for h in searchers["en"].search("particip")[:5]]
    assert searchers["en"].search("zzqx") == []


def test_index_parts_stay_small_and_a_query_loads_few_of_them(site, searchers):
    """No part is large, and answering a query reads only the parts it needs: a phone never downloads
    the whole index."""
    for code in CODES:
        folder = site / language_root(code) / INDEX_DIR
        sizes = {p.name: p.stat().st_size for p in folder.iterdir()}
        assert max(sizes.values()) < 64_000, (code, max(sizes.items(), key=lambda kv: kv[1]))
        searcher = Searcher(folder)
        for case in queries(code)[:10]:
            searcher._shards.clear()
            searcher.search(case["query"])
            read = sum(sizes[shard_file(key)] for key in searcher._shards if key in searcher.meta["shards"])
            assert read < 0.2 * sum(sizes.values()), (code, case["query"], read)


def test_the_builders_own_index_keeps_its_settings_only(site):
    """The theme still reads the search settings (separator, language); the documents are ours, and the
    theme's own search engine is not shipped."""
    for code in CODES:
        index = json.loads((site / language_root(code) / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert index["docs"] == [] and index["config"]["lang"] == [code]
        assert not (site / language_root(code) / "assets" / "javascripts" / "lunr").exists()  # the theme's engine
        assert not (site / language_root(code) / "assets" / "javascripts" / "workers").exists()


# --- in Chromium: the site's own code, on the built site ----------------------------------------------

JS_GROUPS = """async (queries) => {
  const out = [];
  for (const q of queries) {
    const answer = await T2Search.query(q);
    out.push(answer.items.map(group => group.map(doc => [doc.location, doc.score])));
  }
  return out;
}"""


@pytest.mark.parametrize("code", CODES)
def test_the_browser_ranks_exactly_as_python_does(page, server, site, searchers, code):
    """Every fixture query, answered by docs/assets/js/search.js in Chromium and by `Searcher`: the same
    pages, the same sections, in the same order, with the same scores."""
    prefix = language_root(code)
    page.goto(f"{server}{prefix}index.html")
    asked = [case["query"] for case in queries(code)] + ["particip", "a", "track-two 1.5", "zzqx"]
    answers = page.evaluate(JS_GROUPS, asked)
    searcher = searchers[code]
    for query, groups in zip(asked, answers):
        shown, final = searcher.groups(query)
        expected = [[(searcher.entry(doc)[0], final.get(doc, 0.0)) for doc in docs] for docs in shown]
        got = [[(unquote(location.removeprefix(f"{server}{prefix}")), score) for location, score in group]
               for group in groups]
        assert got == expected, query


def type_query(page, text: str) -> None:
    """Type as a reader does: the theme reads the query on keyup, which Playwright does not send for
    text outside the US keyboard (Arabic), so it is sent after each character."""
    box = page.locator("input.md-search__input")
    box.click()
    for char in text:
        box.press_sequentially(char)
        box.dispatch_event("keyup")


def test_arabic_search_in_the_search_box_right_to_left_with_highlighting(page, server):
    page.goto(server + "ar/handbook/step-1-assess.html")
    type_query(page, "المشاركين")
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15000)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-search-result')).direction") == "rtl"
    assert page.locator(".md-search-result__item mark").count() > 0  # the words found, marked in the results
    href = page.locator(".md-search-result__item > a").first.get_attribute("href")
    assert "/ar/" in href and "h=" in href
    page.keyboard.press("ArrowDown")  # the theme's keyboard navigation still moves through the results
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/ar/.*h="))
    page.locator("mark[data-md-highlight]").first.wait_for(timeout=15000)  # and highlighted on the page


def test_a_title_with_markup_in_the_index_is_shown_as_text(page, server):
    """The theme inserts result titles and teasers as HTML: an index part carrying markup (a contributor's
    heading that slipped through, or a tampered file) must show as text and run nothing."""
    attack = '<img src=x onerror="window.__pwned=1">Hostile <b>title</b>'

    def tamper(route):
        body = route.fetch().text()
        part = json.loads(body.removeprefix("T2Search.add(").removesuffix(");\n"))
        part["entries"] = {doc: [location, attack, attack] for doc, (location, _, _) in part["entries"].items()}
        route.fulfill(body="T2Search.add(" + json.dumps(part) + ");\n", content_type="text/javascript")

    page.route(re.compile(r"/search/t2/d-\d+\.js$"), tamper)
    page.goto(server + "index.html")
    type_query(page, "participants")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    results = page.locator(".md-search-result__list")
    assert results.locator("img").count() == 0 and results.locator("b").count() == 0
    assert "<img src=x" in results.inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    page.unroute_all(behavior="wait")  # let tampered parts still in flight finish before the tab closes


def test_search_works_from_disk_without_a_server(page, site):
    """file://: the parts load with <script> tags, which browsers allow there (fetch and workers are not)."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site / "es" / "index.html").as_uri())
    type_query(page, "madurez")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert page.locator(".md-search-result__item > a").first.get_attribute("href").startswith("file://")
    assert errors == []
