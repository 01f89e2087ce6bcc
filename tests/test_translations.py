"""The handbook in French, Spanish and Arabic: translated files held to their English source (ids, calls,
links, term base), stale translations found, every page published in every language with links between
them, right-to-left Arabic, and the translated sites judged like the English one."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import justhtml
import pytest

from conftest import ROOT, html_elements, html_text, run_build
from macros.checks.term_base import load_term_base
from macros.checks.validated import editions
from macros.content.languages import BY_CODE, LANGUAGES, TRANSLATED
from macros.content.translations import source_hash
from macros.outputs.site_pages import SiteContext, page_markdown
from macros.paths import language_root, site_path, translation_file

CHAPTER = "docs/handbook/step-1-assess.md"
CHECKLIST = "checklists/participant-selection.md"
CASE = "docs/case-studies/oslo-back-channel.md"


def summary_only(text: str) -> str:
    """A case translated as readers of a summary-only translation get it: front matter, no body."""
    front = text[:text.index("\n---\n", 4) + 5]
    return (front.replace('title: "The Oslo back channel (1992-1993)"', 'title: "Le canal secret d\'Oslo (1992-1993)"')
            .replace("countries: [Israel, Palestine]", "countries: [Israël, Palestine]"))


def translate(repo: Path, english: str, language: str, change=lambda text: text, block: str | None = None) -> Path:
    """A 'translation' of an English file: its text, changed by `change`, with a translation block."""
    text = (repo / english).read_text(encoding="utf-8")
    block = block if block is not None else "translation:\n  method: machine-assisted\n  native-review: none\n"
    text = text.replace("\n---\n", "\n" + block + "---\n", 1)
    target = repo / translation_file(language, english)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(change(text), encoding="utf-8")
    return target


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


# --- the translated files in the repository -------------------------------------------------------


def test_every_translation_matches_its_english_file_and_term_base():
    books, problems = editions(ROOT)
    assert problems == [], "\n".join(map(str, problems))
    for language in TRANSLATED:
        book = books[language]
        # The site's words, the home page, the reading paths and the glossary come first in every language.
        for core in ("docs/_data/ui.yml", "docs/index.md", "docs/how-to-use.md", "docs/_data/glossary.yml"):
            assert core in book.translations, f"{language}: {core} is not translated"
        assert book.pages["docs/index.md"].title != books["en"].pages["docs/index.md"].title
        for path, translation in book.translations.items():
            assert translation.method == "machine-assisted" and translation.native_review == "none", path
            assert translation.translated_from, f"{translation.file}: no English version recorded (stamp it)"


def test_translated_glossary_and_checklists_keep_every_id():
    books, _ = editions(ROOT)
    english = books["en"]
    for language in TRANSLATED:
        book = books[language]
        assert set(book.glossary) == set(english.glossary)
        translated_terms = [i for i in english.glossary if book.glossary[i].term != english.glossary[i].term]
        assert len(translated_terms) >= len(english.glossary) * 0.8, language
        for checklist_id, checklist in book.checklists.items():
            assert [i.id for i in checklist.items] == [i.id for i in english.checklists[checklist_id].items]


# --- what is wrong with a translation is said at its line ------------------------------------------


def _heading(text):
    return text.replace("## Analyse the conflict { #conflict-analysis }", "## Analyser le conflit { #analyse }")


BROKEN = {
    "heading id": (CHAPTER, _heading, "{ #analyse }",
                   "headings must match docs/handbook/step-1-assess.md in order: this has '## ... { #analyse }', "
                   "the English has '## ... { #conflict-analysis }'"),
    "macro id": (CHAPTER, lambda t: t.replace('term("track-ii")', 'term("track-i")', 1), 'term("track-i")',
                 "macro calls must match docs/handbook/step-1-assess.md in order: this has term('track-i'), "
                 "the English has term('track-ii')"),
    "link target": ("docs/how-to-use.md", lambda t: t.replace("](kit.md)", "](https://example.org/kit)", 1),
                    "https://example.org/kit", "this has a link to 'https://example.org/kit', the English has a link "
                                              "to 'kit.md'"),
    "field not translated": (CHAPTER, lambda t: t.replace("step: assess", "step: plan", 1), "step: plan",
                             "'step' is not translated: write it as in docs/handbook/step-1-assess.md, 'step: assess'"),
    "template code": (CHAPTER, lambda t: t.replace("## In brief", "{{ config.theme }}\n\n## In brief", 1),
                      "{{ config.theme }}", "only macro calls with literal arguments are allowed in content"),
    "countries dropped": (CASE, lambda t: summary_only(t).replace("[Israël, Palestine]", "[Israël]"), "[Israël]",
                          "'countries' translates each of the 2 entries of docs/case-studies/oslo-back-channel.md"),
    "checklist item": (CHECKLIST, lambda t: t.replace("`ps-purpose`", "`ps-but`", 1), "ps-but",
                       "sections and items must match checklists/participant-selection.md in order: this has the item "
                       "`ps-but` linking"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_translation_that_parts_from_its_english_is_refused_at_its_line(repo, name):
    english, change, needle, message = BROKEN[name]
    target = translate(repo, english, "fr", change)
    _, problems = editions(repo)
    where = f"{translation_file('fr', english)}:{line_of(target, needle)}: "
    assert any(str(p).startswith(where) and message in p.message for p in problems), "\n".join(map(str, problems))


def test_a_case_may_translate_its_summary_and_facts_alone(repo):
    translate(repo, CASE, "fr", summary_only)
    books, problems = editions(repo)
    assert problems == [], "\n".join(map(str, problems))
    english, french = books["en"], books["fr"]
    case = french.cases["oslo-back-channel"]
    assert case.title == "Le canal secret d'Oslo (1992-1993)" and case.countries == ["Israël", "Palestine"]
    assert french.translations[CASE].summary_only
    assert french.pages[CASE].body == english.pages[CASE].body  # the full text stays English
    assert french.pages[CASE].meta["title"] == case.title


def test_a_summary_translation_is_held_to_the_term_base_on_its_own_words_only(repo):
    """The English text under a summary translation is not judged against the French term base; the
    translated summary is, at its line."""
    base, _ = load_term_base(repo, "fr")
    term = base.by_id("back-channel")
    avoided = term.avoid[0]
    target = translate(repo, CASE, "fr", lambda t: summary_only(t).replace(
        'summary: "Secret talks', f'summary: "Un {avoided}. Secret talks', 1))
    _, problems = editions(repo)
    assert [str(p) for p in problems] == [
        f"{translation_file('fr', CASE)}:{line_of(target, avoided)}: '{avoided}' is a form the term base "
        f"(docs/fr/_data/terms.yml:{term.line}) avoids for '{term.en}': write '{term.target}'"]


def test_translation_block_glossary_and_site_words_are_checked(repo):
    translate(repo, "docs/about.md", "fr", block="")
    glossary = repo / "docs/fr/_data/glossary.yml"
    glossary.parent.mkdir(parents=True, exist_ok=True)
    glossary.write_text("translation:\n  method: machine-assisted\n  native-review: none\nentries:\n"
                        "- id: no-such-term\n  term: Rien\n  definition: Rien.\n", encoding="utf-8")
    words = repo / "docs/fr/_data/ui.yml"
    words.write_text(words.read_text(encoding="utf-8") + "  colour: couleur\n", encoding="utf-8")
    _, problems = editions(repo)
    found = "\n".join(map(str, problems))
    assert "docs/fr/about.md:2: a translation starts its front matter" in found
    assert "docs/fr/_data/glossary.yml:5: glossary id 'no-such-term' is not in the English glossary" in found
    assert f"docs/fr/_data/ui.yml:{line_of(words, 'colour')}: 'colour' is not one of the site's words" in found


def test_a_counted_phrase_needs_every_plural_form_of_its_language(repo):
    """Arabic counts take six forms (a dual for 2, the plural for 3-10, the singular accusative for 11-99):
    a phrase written without one of them, with a form the language does not have, or without the
    English's placeholders, is refused at its line, with what to write."""
    arabic, french, english = (repo / f"docs/{part}_data/ui.yml" for part in ("ar/", "fr/", ""))
    arabic.write_text(arabic.read_text(encoding="utf-8").replace('  items_few: "# بنود"\n', "")
                      .replace('  must_two:', '  must_dual: "x"\n  must_two:'), encoding="utf-8")
    french.write_text(french.read_text(encoding="utf-8").replace("# coches exportées vers %file.", "# coches exportées."),
                      encoding="utf-8")
    _, problems = editions(repo)
    found = {str(p) for p in problems}
    assert {f"docs/ar/_data/ui.yml:{line_of(arabic, 'items_zero')}: 'items' has no 'few' form, which counts like 3 "
            "take in this language: add 'items_few: ...'",
            f"docs/ar/_data/ui.yml:{line_of(arabic, 'must_dual')}: 'must_dual' is not one of the site's words in "
            "docs/_data/ui.yml",
            f"docs/fr/_data/ui.yml:{line_of(french, 'ticks_exported_other')}: 'ticks_exported_other' must keep the "
            "placeholders of the English (%file): the page fills them in"} <= found, "\n".join(sorted(found))
    english.write_text(english.read_text(encoding="utf-8").replace('cases_one: "# case study"\n', ""), encoding="utf-8")
    _, problems = editions(repo)
    assert f"docs/_data/ui.yml:{line_of(english, 'cases_other')}: 'cases' has no 'one' form, which counts like 1 " \
           "take in this language: add 'cases_one: ...'" in {str(p) for p in problems}


def test_counts_agree_with_their_number_in_every_language(site):
    """'24 items' is '24 بندًا' in Arabic (11-99 take the singular), a two-page brief 'صفحتان' (the dual),
    and '1 tick' is singular in English: checked on the built pages against forms written out here."""
    books, _ = editions(ROOT)
    sizes = {cl.id: len(cl.items) for cl in books["ar"].checklists.values()}
    eleven_up, few = ([i for i, n in sizes.items() if test(n)] for test in (lambda n: 11 <= n <= 99, lambda n: 3 <= n <= 10))
    assert eleven_up, "no checklist of 11 to 99 items to check the Arabic count on"
    for checklist_id in eleven_up:
        text = html_text(_body(site / "ar" / "checklists" / f"{checklist_id}.html"))
        assert f"{sizes[checklist_id]} بندًا" in text and f"{sizes[checklist_id]} بنود" not in text, checklist_id
    for checklist_id in few:
        assert f"{sizes[checklist_id]} بنود" in html_text(_body(site / "ar" / "checklists" / f"{checklist_id}.html"))
    brief = {language: html_text(_body(site / language / "briefs" / "track-ii-for-officials.html"))
             for language in ("", "fr", "ar")}
    assert "(2 pages)" in brief[""] and "(2 pages)" in brief["fr"] and "(صفحتان)" in brief["ar"]
    library = html_text(_body(site / "ar" / "case-studies" / "index.html"))
    assert f"{len(books['ar'].cases)} دراسة حالة" in library  # 22: 11-99 take the singular


def test_the_term_base_is_enforced_on_what_readers_read(repo):
    base, _ = load_term_base(repo, "fr")
    term = base.by_id("back-channel")
    avoided = term.avoid[0]
    target = repo / "docs/fr/index.md"
    target.write_text(target.read_text(encoding="utf-8") + f"\nUn {avoided} discret.\n", encoding="utf-8")
    _, problems = editions(repo)
    assert [str(p) for p in problems if "avoids" in p.message] == [
        f"docs/fr/index.md:{line_of(target, avoided)}: '{avoided}' is a form the term base "
        f"(docs/fr/_data/terms.yml:{term.line}) avoids for '{term.en}': write '{term.target}'"]


# --- stale translations ------------------------------------------------------------------------------


def test_a_changed_english_file_makes_its_translation_stale_until_stamped(repo):
    run = lambda *args: subprocess.run([sys.executable, str(repo / "scripts" / "translations.py"), *args],  # noqa: E731
                                       capture_output=True, text=True, cwd=repo)
    target = repo / "docs/es/how-to-use.md"
    books, _ = editions(repo)
    assert not books["es"].translations["docs/how-to-use.md"].stale

    english = repo / "docs/how-to-use.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nOne more English sentence.\n", encoding="utf-8")
    check = subprocess.run([sys.executable, str(repo / "scripts" / "validate.py")], capture_output=True, text=True, cwd=repo)
    assert check.returncode == 0, check.stdout + check.stderr
    assert ("translation out of date: docs/es/how-to-use.md: docs/how-to-use.md has changed since it was translated"
            in check.stdout)
    assert "out of date: docs/es/how-to-use.md" in run("status").stdout

    books, _ = editions(repo)
    page = page_markdown(books["es"], books["es"].pages["docs/how-to-use.md"], SiteContext(None))
    stale = [p for p in html_elements(page, "p") if "t2-stale" in (p.attrs.get("class") or "")]
    assert len(stale) == 1 and books["es"].ui["stale"] in html_text(stale[0])
    assert html_elements(stale[0], "a")[0].attrs["href"] == "../how-to-use.html"

    assert run("stamp", "docs/es/how-to-use.md").returncode == 0
    assert f"source: {source_hash(repo, 'docs/how-to-use.md')}" in target.read_text(encoding="utf-8")
    books, _ = editions(repo)
    assert not books["es"].translations["docs/how-to-use.md"].stale
    refused = run("stamp", "docs/how-to-use.md")  # not a translation: said at its line, nothing written
    assert refused.returncode == 1 and refused.stderr.startswith("docs/how-to-use.md:1: not a translation")


# --- the built site in every language -------------------------------------------------------------


def _pages(site: Path, language: str) -> set[str]:
    base = site if language == "en" else site / language
    skip = {code for code in TRANSLATED} | {"downloads", "assets", "search"}
    return {p.relative_to(base).as_posix() for p in base.rglob("*.html")
            if p.relative_to(base).parts[0] not in skip and p.name != "404.html"}


def _body(path: Path):
    return html_elements(_parse(path), "body")[0]


def spaced(text: str) -> str:
    """Text with its spaces collapsed as html_text collapses them (a French no-break space included)."""
    return " ".join(text.split())


def _parse(path: Path):
    return justhtml.JustHTML(path.read_text(encoding="utf-8"), sanitize=False).root


def test_every_page_is_published_in_every_language_with_its_lang_and_direction(site):
    english = _pages(site, "en")
    assert len(english) >= 90
    for language in LANGUAGES:
        if language.code == "en":
            continue
        assert _pages(site, language.code) == english, language.code
        html = (site / language.code / "index.html").read_text(encoding="utf-8")
        assert re.search(rf'<html lang="{language.code}"', html)
        assert re.search(rf'<body dir="{language.direction}"', html)


def test_language_links_lead_to_the_same_page_in_each_language(site):
    for page in ("index.html", "handbook/step-1-assess.html", "checklists/participant-selection.html"):
        for language in LANGUAGES:
            here = site / ("" if language.code == "en" else language.code) / page
            root = _parse(here)
            nav = [n for n in html_elements(root, "nav") if "t2-languages" in (n.attrs.get("class") or "")]
            assert len(nav) == 1, here
            current = [s for s in html_elements(nav[0], "span") if s.attrs.get("aria-current") == "page"]
            assert [s.attrs["lang"] for s in current] == [language.code]
            links = {a.attrs["hreflang"]: a.attrs["href"] for a in html_elements(nav[0], "a")}
            assert set(links) == {lang.code for lang in LANGUAGES} - {language.code}
            for code, href in links.items():
                other = site / ("" if code == "en" else code) / page
                assert (here.parent / href).resolve() == other.resolve(), (here, code, href)


def test_translated_pages_show_their_translation_and_say_how_it_was_made(site):
    books, _ = editions(ROOT)
    for language in TRANSLATED:
        book = books[language]
        chapters = [p for p in book.translations if p.startswith("docs/handbook/")]
        checklists = [f"docs/checklists/{c}.md" for c in book.checklists]  # translated in their checklist files
        for path in ["docs/index.md", "docs/how-to-use.md", *chapters, *checklists]:
            built = site / language / site_path(path, False)
            root = _parse(built)
            title = html_text(html_elements(root, "title")[0]).replace("\xa0", " ")
            expected = book.pages[path].title or book.checklists[Path(path).stem].title  # a checklist's page: its title
            assert expected and title.startswith(expected.replace("\xa0", " ")), built
            notes = [p for p in html_elements(root, "p") if "t2-translation" in (p.attrs.get("class") or "")]
            assert len(notes) == 1 and book.ui["machine_assisted"] in html_text(notes[0])
            assert book.ui["not_reviewed"] in html_text(notes[0])
            report = html_elements(notes[0], "a")[0].attrs["href"]
            target, _, anchor = report.partition("#")
            assert anchor in {e.attrs.get("id") for e in html_elements(_parse(built.parent / target), "h2")}
            english = _parse(site / site_path(path, False))
            ids = lambda tree: [h.attrs.get("id") for level in ("h2", "h3") for h in html_elements(tree, level)]  # noqa: E731
            assert ids(root) == ids(english), built
        untranslated = site / language / "about.html"
        if "docs/about.md" not in book.translations:
            note = [p for p in html_elements(_parse(untranslated), "p") if "t2-untranslated" in (p.attrs.get("class") or "")]
            assert len(note) == 1 and book.ui["untranslated"] in html_text(note[0])


def test_a_case_translated_in_summary_shows_its_facts_in_the_readers_language_and_its_text_in_english(site):
    books, _ = editions(ROOT)
    shown = 0
    for language in TRANSLATED:
        book = books[language]
        for path, translation in book.translations.items():
            if not translation.summary_only:
                continue
            case = next(c for c in book.cases.values() if c.page.path == path)
            root = _parse(site / language / site_path(path, False))
            assert html_text(html_elements(root, "h1")[0]).startswith(case.title.split(" (")[0])
            summary = [p for p in html_elements(root, "p") if p.attrs.get("class") == "t2-case-summary"]
            assert [html_text(p) for p in summary] == [case.summary]
            facts = [t for t in html_elements(root, "table") if t.attrs.get("class") == "t2-facts"][0]
            assert html_text(html_elements(facts, "caption")[0]) == book.ui["case_facts"]
            assert book.ui[f"regions:{case.region}"] in html_text(facts)
            english = [d for d in html_elements(root, "div") if d.attrs.get("lang") == "en"]
            assert english and "context" in {h.attrs.get("id") for h in html_elements(english[0], "h2")}
            notes = " ".join(html_text(p) for p in html_elements(root, "p") if "t2-translation" in (p.attrs.get("class") or ""))
            assert spaced(book.ui["summary_only"]) in notes
            shown += 1
    assert shown >= len(TRANSLATED) * 20  # every case, in every language


def test_the_case_library_and_topics_speak_the_readers_language(site):
    """Column heads, filters, vocabulary labels and the filter's status words come from each language's
    site words; so do the topics and steps on a chapter page."""
    books, _ = editions(ROOT)
    for language in TRANSLATED:
        words = books[language].ui
        library = _parse(site / language / "case-studies" / "index.html")
        heads = [html_text(th) for th in html_elements(library, "th") if th.attrs.get("scope") == "col"]
        assert heads == [words[k] for k in ("case", "region", "years", "track", "activities", "outcome")]
        labels = " ".join(html_text(label) for label in html_elements(library, "label"))
        assert all(words[k] in labels for k in ("region", "period", "track", "activity", "outcome"))
        options = [html_text(o) for o in html_elements(library, "option")]
        assert words["regions:africa"] in options and words["outcomes:mixed"] in options and words["any"] in options
        status = [p for p in html_elements(library, "p") if p.attrs.get("class") == "t2-filter-status"][0]
        assert status.attrs["data-some"] == words["cases_showing"]
        assert html_text(status) == words["cases_other"].replace("#", str(len(books[language].cases)))
        chapter = _parse(site / language / "handbook" / "step-1-assess.html")
        topics = [p for p in html_elements(chapter, "p") if p.attrs.get("class") == "t2-topics"][0]
        assert spaced(words["steps:assess"]) in html_text(topics) and words["audiences:funder"] in html_text(topics)


def test_navigation_and_theme_speak_the_readers_language(site):
    books, _ = editions(ROOT)
    for language in TRANSLATED:
        html = (site / language / "how-to-use.html").read_text(encoding="utf-8")
        for english_title in ("Checklists", "Templates", "Glossary"):
            assert f">{books[language].ui[f'nav:{english_title}']}<" in html.replace("\n", "").replace("  ", ""), language
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html).group(1))
        assert config["translations"]["search.result.none"] != "No matching documents", language
        assert books[language].ui["site_name"] in html_text(html_elements(_parse(site / language / "index.html"), "title")[0])


# --- in a browser ---------------------------------------------------------------------------------------


def test_arabic_reads_right_to_left_and_ticks_are_shared_across_languages(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "ar/checklists/participant-selection.html")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    content = page.locator("article").bounding_box()
    nav = page.locator(".md-sidebar--primary").bounding_box()
    assert nav["x"] > content["x"], "the navigation is on the right in Arabic"
    start = page.locator("nav.t2-languages li").first.bounding_box()
    end = page.locator("nav.t2-languages li").last.bounding_box()
    assert start["x"] > end["x"], "the language list runs right to left"

    # A checklist's page is as translated as its checklist: no "not translated" note, nothing marked English.
    assert page.locator("article .t2-untranslated").count() == 0 and page.locator("article div[lang=en]").count() == 0
    assert page.evaluate("getComputedStyle(document.querySelector('.t2-items')).direction") == "rtl"
    # The English text of an untranslated page reads left to right inside the Arabic page.
    page.goto(server + "ar/about.html")
    assert page.evaluate("getComputedStyle(document.querySelector('article [lang=en]')).direction") == "ltr"
    page.goto(server + "ar/checklists/participant-selection.html")

    page.goto(server + "checklists/participant-selection.html")
    page.locator("#cb-ps-purpose").check()
    for language in TRANSLATED:
        page.goto(server + f"{language}/checklists/participant-selection.html")
        assert page.locator("#cb-ps-purpose").is_checked(), f"{language}: the tick saved in English is not shown"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_what_scripts_say_is_in_the_readers_language(page, server, tmp_path, language):
    words = editions(ROOT)[0][language].ui
    # A checklist's tick panel, importing a file made for another checklist.
    page.goto(server + f"{language}/checklists/participant-selection.html")
    path = tmp_path / "ticks.json"
    path.write_text('{"format": "t2-checklist-ticks", "checklist": "digital-risk", "ticked": ["dr-1"]}',
                    encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=words["import_ticks"]).click()
    chooser.value.set_files(str(path))
    page.wait_for_function("document.querySelector('[data-ticks-said]').textContent.length > 0")
    assert page.locator("[data-ticks-said]").inner_text() == words["ticks_other_checklist"].replace("%name", "digital-risk")
    # Exporting two ticks: Arabic has a form for two (the dual), French counts 2 in the plural.
    page.locator("ul.t2-items input[type=checkbox]").nth(0).check()
    page.locator("ul.t2-items input[type=checkbox]").nth(1).check()
    with page.expect_download():
        page.get_by_role("button", name=words["export_ticks"]).click()
    two = words["ticks_exported_two" if language == "ar" else "ticks_exported_other"]
    assert page.locator("[data-ticks-said]").inner_text() == \
        two.replace("#", "2").replace("%file", "ticks-participant-selection.json")
    # A wide table on a phone, which a keyboard user scrolls: named in the page's language after its columns.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + f"{language}/template/risk-register.html")
    page.wait_for_function("document.querySelector('.md-typeset__scrollwrap[aria-label]')")
    label = page.locator(".md-typeset__scrollwrap[aria-label]").first.get_attribute("aria-label")
    before, _, after = words["table_scroll"].partition("%columns")
    assert label.startswith(before) and label.endswith(after) and len(label) > len(before + after)
    # The search dialog is named by the search box's placeholder, which the theme translates.
    placeholder = page.locator(".md-search input[placeholder]").first.get_attribute("placeholder")
    assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == placeholder != "Search"


def test_each_language_has_its_own_offline_bundle_that_searches_from_disk(page, site, tmp_path):
    import zipfile

    from test_browser import watch
    from test_search import type_query
    with zipfile.ZipFile(site / "downloads" / "ar" / "offline.zip") as bundle:
        names = set(bundle.namelist())
        bundle.extractall(tmp_path)
    assert "track-ii-handbook/ar/index.html" in names and "track-ii-handbook/index.html" not in names
    assert "track-ii-handbook/downloads/ar/checklists/participant-selection.pdf" in names
    assert not any(n.startswith(("track-ii-handbook/fr/", "track-ii-handbook/downloads/checklists/")) for n in names)
    sizes = {language: (site / "downloads" / language_root(language) / "offline.zip").stat().st_size
             for language in ("en", *TRANSLATED)}
    assert all(size < sum(sizes.values()) / 2 for size in sizes.values()), sizes
    seen = watch(page)
    page.goto((tmp_path / "track-ii-handbook" / "ar" / "index.html").as_uri())
    type_query(page, "المفاوضات")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    results = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
    assert results and all("/track-ii-handbook/ar/" in r for r in results), results
    page.goto((tmp_path / "track-ii-handbook" / "ar" / "checklists" / "participant-selection.html").as_uri())
    pdf = page.locator("a[href$='participant-selection.pdf']").first.get_attribute("href")
    assert (tmp_path / "track-ii-handbook" / "ar" / "checklists" / pdf).resolve().is_file()
    assert all(url.startswith(("file://", "data:", "blob:")) for url in seen["requests"])
    assert seen["errors"] == []


# --- hostile translated content -------------------------------------------------------------------------


def test_script_in_a_translation_stops_the_build_at_its_line(repo, tmp_path):
    target = translate(repo, "docs/about.md", "ar", lambda t: t + '\n<img src="x" onerror="alert(1)">\n\n'
                                                          '[اضغط](javascript:alert(2))\n')
    result = run_build(repo, tmp_path / "site")
    assert result.returncode != 0 and not (tmp_path / "site").exists()
    assert "Traceback" not in result.stderr
    # The link is refused by the translation check (its target differs from English), before anything is built.
    assert f"docs/ar/about.md:{line_of(target, 'javascript:')}: links must match docs/about.md" in result.stderr


def test_each_language_is_saved_for_offline_use_with_the_shared_downloads(browser, server, site):
    from test_offline import save_offline
    listed = json.loads((site / "es" / "offline.json").read_text(encoding="utf-8"))
    assert listed["root"] == "../"
    paths = {f["path"] for f in listed["files"]}
    assert {p.relative_to(site / "es").as_posix() for p in (site / "es").rglob("*.html")} - {"404.html"} <= paths
    assert "search/t2/index.js" in paths and not any("/lunr/" in p for p in paths)  # Spanish search, offline too
    outside = {p for p in paths if p.startswith("../")}
    assert outside and all(p.startswith("../downloads/") for p in outside)
    assert not any(p.startswith(("fr/", "ar/", "../fr/", "../index.html")) for p in paths)
    # Its own PDFs and the English-only Word and Markdown copies its pages link; no other language's PDFs.
    assert {"../downloads/es/checklists/participant-selection.pdf", "../downloads/es/checklists/participant-selection.docx",
            "../downloads/es/checklists/participant-selection.md", "../downloads/data/checklists.json"} <= paths
    assert not any(p.endswith((".pdf", ".docx", ".md")) and not p.startswith("../downloads/es/") for p in outside)

    context = browser.new_context()
    page = context.new_page()
    try:
        save_offline(page, server + "es/", downloads=True)
        context.set_offline(True)
        page.goto(server + "es/handbook/step-1-assess.html")
        assert page.locator("h1").first.inner_text().startswith("Paso 1")
        status = page.evaluate("fetch('../../downloads/es/checklists/participant-selection.pdf').then(r => r.status)")
        assert status == 200
        page.keyboard.press("/")
        page.keyboard.type("madurez", delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=20_000)
    finally:
        context.close()


def test_dates_read_as_dates_in_each_language(site):
    """'Revu le 5 décembre 2026', not 'Revu le 2026-12-05': each language writes the month in words;
    the ISO form stays in <time datetime> for machines."""
    months = {"fr": "décembre", "es": "de diciembre de", "ar": "ديسمبر"}
    books, _ = editions(ROOT)
    checklist = books["en"].checklists["participant-selection"]
    day = checklist.reviewed
    assert day.month == 12, "this test names December: update the months above for the checklist's review month"
    for language, month in months.items():
        words = books[language].ui
        page = _parse(site / language / "checklists" / "participant-selection.html")
        times = [t for t in html_elements(page, "time") if t.attrs.get("datetime") == day.isoformat()]
        assert times and all(html_text(t) == f"{day.day} {month} {day.year}" for t in times), language
        body = html_text(html_elements(page, "body")[0])
        assert spaced(f"{words['reviewed']} {day.day} {month} {day.year}") in body
        assert day.isoformat() not in body, f"{language}: an ISO date is shown to readers"


def test_a_translated_figure_keeps_its_kind_sources_and_shape(repo):
    figures = repo / "docs/fr/_data/figures.yml"
    text = figures.read_text(encoding="utf-8")
    tracks = text.index("- id: the-tracks")
    text = text[:tracks] + text[tracks:].replace("kind: sequence", "kind: cycle", 1)
    wheel = text.index("- id: multi-track")
    text = text[:wheel] + text[wheel:].replace("sources: [diamond-1996]", "sources: [jones-2015]", 1)
    figures.write_text(text, encoding="utf-8")
    _, problems = editions(repo)
    found = {str(p) for p in problems}
    assert {f"docs/fr/_data/figures.yml:{line_of(figures, '- id: the-tracks')}: figure 'the-tracks' keeps its "
            "'kind' as in docs/_data/figures.yml: 'kind: sequence'",
            f"docs/fr/_data/figures.yml:{line_of(figures, '- id: multi-track')}: figure 'multi-track' keeps its "
            "'sources' as in docs/_data/figures.yml: 'sources: [diamond-1996]'"} <= found, "\n".join(sorted(found))


def test_figures_speak_the_readers_language_and_arabic_ones_run_right_to_left(site):
    """Diagrams from each language's figures.yml, the case chart's and timelines' frames from its site
    words, dates in its month names; Arabic drawings mirrored (the step numbers on the right), and the
    events' English text marked as English."""
    books, _ = editions(ROOT)
    for language in TRANSLATED:
        book, direction = books[language], BY_CODE[language].direction
        page = _parse(site / language / "handbook" / "introduction.html")
        [figure] = [f for f in html_elements(page, "figure") if f.attrs.get("id") == "figure-the-tracks"]
        [svg] = html_elements(figure, "svg")
        assert svg.attrs["direction"] == direction and "lang" not in figure.attrs
        assert html_text(html_elements(svg, "title")[0]) == book.figures["the-tracks"].title \
            != books["en"].figures["the-tracks"].title
        width = float(svg.attrs["viewBox"].split()[2])
        numbers = [float(c.attrs["cx"]) for c in html_elements(svg, "circle")]
        assert len(numbers) == 4 and all((x > width / 2) == (direction == "rtl") for x in numbers), language
        library = _parse(site / language / "case-studies" / "index.html")
        [chart] = [f for f in html_elements(library, "figure") if f.attrs.get("id") == "figure-case-chart"]
        assert html_text(html_elements(chart, "title")[0]).startswith(book.ui.counted("cases", len(book.cases)))
        case = _parse(site / language / "case-studies" / "oslo-back-channel.html")
        [timeline] = [f for f in html_elements(case, "figure") if f.attrs.get("id") == "timeline-oslo-back-channel"]
        texts = html_elements(timeline, "text")
        english = [t for t in texts if t.attrs.get("lang") == "en"]
        assert len(english) == len(book.cases["oslo-back-channel"].events)
        months = {"fr": "sept.", "es": "sept", "ar": "سبتمبر"}[language]  # the Declaration of Principles, September 1993
        assert any(months in html_text(t) for t in texts if t not in english), language


def test_a_figure_word_that_would_break_the_mirrored_drawing_is_refused_at_its_line(repo):
    """Arabic figures are mirrored through an XML parser, which refuses Unicode noncharacters: such a
    label is a content problem at its line, never a traceback in the build."""
    figures = repo / "docs/ar/_data/figures.yml"
    label = next(line for line in figures.read_text(encoding="utf-8").splitlines() if "- label:" in line)
    figures.write_text(figures.read_text(encoding="utf-8").replace(label, label[:-1] + '\\uFFFE"', 1), encoding="utf-8")
    _, problems = editions(repo)
    assert any(str(p).startswith(f"docs/ar/_data/figures.yml:{line_of(figures, 'items:')}: ")
               and "noncharacter" in p.message for p in problems), "\n".join(map(str, problems))


def test_french_labels_keep_their_no_break_space_before_the_colon(site):
    """French sets a no-break space before ':' (the site word colon is "\\u00a0:"); trimming the site's
    words must not take it away ("Adapter:" was shown)."""
    words = editions(ROOT)[0]["fr"].ui
    assert words["colon"] == "\u00a0:"
    brief = (site / "fr" / "briefs" / "track-ii-for-officials.html").read_text(encoding="utf-8")
    assert f"{words['adapt']}\u00a0:</strong>" in brief
