"""A real browser (Debian's chromium via Playwright) on the built site."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest

from macros.content.languages import TRANSLATED

CHECKLIST = "participant-selection"


def watch(tab):
    """Record every request and every console or page error of a tab."""
    seen = {"requests": [], "errors": []}
    tab.on("request", lambda request: seen["requests"].append(request.url))
    tab.on("console", lambda message: message.type == "error" and seen["errors"].append(message.text))
    tab.on("pageerror", lambda error: seen["errors"].append(str(error)))
    return seen


def test_no_page_contacts_another_host_or_logs_an_error(page, server, site):
    seen = watch(page)
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    for path in paths:
        page.goto(server + path, wait_until="load")
    hosts = {urlparse(url).netloc for url in seen["requests"] if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlparse(server).netloc}, hosts
    assert seen["errors"] == []
    assert len(paths) >= 20


def boxes(tab):
    return tab.locator(f'ul.t2-items[data-checklist="{CHECKLIST}"] input[type=checkbox]')


def test_checklist_ticks_survive_reload_and_can_be_reset(page, server, handbook):
    total = len(handbook.checklists[CHECKLIST].items)
    page.goto(server + f"checklists/{CHECKLIST}.html")
    status = page.locator(".t2-progress-text")
    assert status.inner_text() == f"0 of {total} done"
    boxes(page).nth(0).check()
    page.get_by_label(handbook.checklists[CHECKLIST].items[2].text.rstrip(".")).check()
    assert status.inner_text() == f"2 of {total} done"
    page.reload()
    assert [boxes(page).nth(i).is_checked() for i in range(3)] == [True, False, True]
    assert page.locator(".t2-progress-text").inner_text() == f"2 of {total} done"
    saved = json.loads(page.evaluate(f"localStorage.getItem('t2-checklist:{CHECKLIST}')"))
    items = handbook.checklists[CHECKLIST].items
    assert saved == {items[0].id: True, items[2].id: True}
    page.get_by_role("button", name="Clear all ticks").click()
    assert page.locator(".t2-progress-text").inner_text() == f"0 of {total} done"
    page.reload()
    assert not any(boxes(page).nth(i).is_checked() for i in range(total))


def test_ticks_for_items_that_still_exist_survive_a_content_change(page, server, handbook):
    items = handbook.checklists[CHECKLIST].items
    page.goto(server + f"checklists/{CHECKLIST}.html")
    stored = json.dumps({items[1].id: True, "ps-removed-in-a-later-version": True})
    page.evaluate(f"localStorage.setItem('t2-checklist:{CHECKLIST}', {json.dumps(stored)})")
    page.reload()
    assert boxes(page).nth(1).is_checked()
    assert page.locator(".t2-progress-text").inner_text() == f"1 of {len(items)} done"


def test_ticks_move_with_items_that_moved_to_another_checklist(page, server, handbook):
    """Final-list items left 'participant-selection' (ids unchanged): ticks saved before the split follow them."""
    moved = next(c for c in handbook.checklists.values() if c.moved_from)
    old = moved.moved_from[0]
    stays, goes = handbook.checklists[old].items[0].id, moved.items[0].id
    page.goto(server + f"checklists/{old}.html")
    before = json.dumps({stays: True, goes: True})  # what a browser saved under the old list
    page.evaluate(f"localStorage.setItem('t2-checklist:{old}', {json.dumps(before)})")
    page.goto(server + f"checklists/{moved.id}.html")
    assert page.locator(f'input[data-item="{goes}"]').is_checked()
    assert page.locator(".t2-progress-text").inner_text() == f"1 of {len(moved.items)} done"
    assert json.loads(page.evaluate(f"localStorage.getItem('t2-checklist:{moved.id}')")) == {goes: True}
    assert json.loads(page.evaluate(f"localStorage.getItem('t2-checklist:{old}')")) == {stays: True}
    page.reload()  # moved once: the tick is now the new list's own
    assert page.locator(f'input[data-item="{goes}"]').is_checked()
    page.goto(server + f"checklists/{old}.html")
    assert page.locator(f'input[data-item="{stays}"]').is_checked()
    assert page.locator(".t2-progress-text").inner_text() == f"1 of {len(handbook.checklists[old].items)} done"


def test_checklist_works_with_the_keyboard(page, server):
    page.goto(server + f"checklists/{CHECKLIST}.html")
    first = boxes(page).nth(0)
    first.focus()
    page.keyboard.press("Space")
    assert first.is_checked()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className + ' ' + document.activeElement.tagName")
    assert "t2-why" in focused  # the item's "why" link comes next in tab order


def test_site_opened_from_disk_loads_without_network(page, site):
    seen = watch(page)
    page.goto((site / f"checklists/{CHECKLIST}.html").as_uri())
    boxes(page).nth(0).check()
    page.reload()
    assert boxes(page).nth(0).is_checked()
    page.goto((site / "index.html").as_uri())
    page.get_by_role("link", name="Checklists", exact=True).first.click()
    assert page.url.endswith("checklists/index.html")
    assert all(url.startswith("file://") for url in seen["requests"]), seen["requests"]
    assert seen["errors"] == []


def test_glossary_term_shows_its_definition_on_focus_and_hover(page, server, handbook):
    page.goto(server + "handbook/introduction.html")
    term = page.locator("a.t2-term").first
    term_id = term.get_attribute("href").split("#")[1]
    definition = handbook.glossary[term_id].definition.split(".")[0]
    term.focus()
    tooltip = page.get_by_role("tooltip")
    tooltip.wait_for(state="visible")
    assert definition[:40] in tooltip.inner_text().replace("\n", " ")
    assert term.get_attribute("aria-describedby") == tooltip.get_attribute("id")
    page.keyboard.press("Escape")  # dismissible without moving focus (WCAG 1.4.13)
    tooltip.wait_for(state="hidden")
    assert term.get_attribute("title")  # the plain title is back for the next time
    term.blur()

    second = page.locator("a.t2-term").nth(1)
    second.hover()
    tooltip.wait_for(state="visible")
    assert page.locator(".t2-tip:visible").count() == 1
    box = tooltip.bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)  # hoverable: moving onto it keeps it open
    page.wait_for_timeout(600)
    assert tooltip.is_visible()
    page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden")


def visible_case_titles(tab) -> list[str]:
    return tab.locator("table.t2-cases tbody tr:visible td:first-child").all_inner_texts()


def test_case_filters_combine_and_reset(page, server, handbook):
    from macros.outputs.site_html import case_filter_values
    page.goto(server + "case-studies/index.html")
    assert len(visible_case_titles(page)) == len(handbook.cases)
    case = next(iter(sorted(handbook.cases.values(), key=lambda c: c.id)))
    activity = case.activities[0]
    page.get_by_label("Activity").select_option(activity)
    page.get_by_role("combobox", name=re.compile("^Region")).select_option(case.region)
    expected = sorted(c.title for c in handbook.cases.values()
                      if activity in c.activities and c.region == case.region)
    assert sorted(visible_case_titles(page)) == expected
    # The filter's own live region (a theme may have a status region of its own, as Zensical's does).
    status = page.get_by_role("status").filter(has_text="case studies")
    assert status.inner_text() == f"Showing {len(expected)} of {len(handbook.cases)} case studies"
    decade = case_filter_values(case)["period"][0]
    page.get_by_label("Period").select_option(decade)
    assert case.title in visible_case_titles(page)
    page.get_by_role("button", name="Show all").click()
    # The form resets its selects after the click's handlers run, so the table updates a moment later.
    page.wait_for_function("n => document.querySelectorAll('table.t2-cases tbody tr:not([hidden])').length === n",
                           arg=len(handbook.cases), timeout=5000)
    assert len(visible_case_titles(page)) == len(handbook.cases)


def test_case_filters_work_from_the_keyboard(page, server, handbook):
    page.goto(server + "case-studies/index.html")
    region = page.get_by_role("combobox", name=re.compile("^Region"))
    region.focus()
    page.keyboard.press("ArrowDown")  # first real option after "Any"
    chosen = region.input_value()
    assert chosen
    assert sorted(visible_case_titles(page)) == sorted(c.title for c in handbook.cases.values() if c.region == chosen)


def test_case_library_is_a_plain_table_without_javascript(browser, server, handbook):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(server + "case-studies/index.html")
    assert tab.locator("form.t2-filters").is_hidden()
    assert len(visible_case_titles(tab)) == len(handbook.cases)
    context.close()


def test_checklist_without_javascript_shows_boxes_but_no_dead_controls(browser, server):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(server + f"checklists/{CHECKLIST}.html")
    assert tab.locator(".t2-progress").is_hidden()
    assert boxes(tab).first.is_visible()
    context.close()


def search_results(tab, query: str) -> list[str]:
    """Type a query into the site's search box as a reader does; return result page paths."""
    box = tab.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=20)  # Material reads the query on keyup
    tab.locator(".md-search-result__item").first.wait_for(timeout=15000)
    hrefs = tab.locator(".md-search-result__item > a:first-child").evaluate_all("links => links.map(a => a.href)")
    return [re.split(r"[?#]", href)[0] for href in hrefs]


def test_search_box_finds_the_page_for_a_readers_question(page, server):
    page.goto(server + "index.html")
    results = search_results(page, "how do I choose participants")
    assert any(r.endswith(("handbook/step-3-prepare.html", "checklists/participant-selection.html"))
               for r in results[:3]), results[:3]


def test_search_downloads_nothing_until_a_reader_searches_and_then_only_a_few_parts(page, server, site):
    # Readers who never search download none of the index; a search loads the parts it needs.
    seen = watch(page)
    page.goto(server + "handbook/step-3-prepare.html", wait_until="load")
    page.wait_for_timeout(1500)
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(500)
    assert not [url for url in seen["requests"] if "/search/t2/" in url]
    page.keyboard.press("/")  # the theme's shortcut focuses the search box
    page.locator(".md-search-result__meta").filter(has_text="Type to start searching").wait_for(timeout=15000)
    page.keyboard.type("backchannel", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    parts = {url.removeprefix(server) for url in seen["requests"] if "/search/t2/" in url}
    assert "search/t2/index.js" in parts
    index_bytes = sum(p.stat().st_size for p in (site / "search" / "t2").iterdir())
    # Typed one key at a time, "backchannel" asks ten queries; together they read about a tenth of the index.
    assert sum((site / part).stat().st_size for part in parts) < 0.15 * index_bytes, sorted(parts)
    assert not [url for url in seen["requests"] if "/workers/" in url or "/lunr/" in url]  # the theme's engine
    assert seen["errors"] == []


@pytest.fixture(scope="module")
def offline_copy(site, tmp_path_factory):
    import zipfile
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(site / "downloads" / "offline.zip") as bundle:
        names = bundle.namelist()
        assert "track-ii-handbook/downloads/offline.zip" not in names
        # English, with the English downloads: no translation (each has its own bundle).
        folders = [n.split("/")[1:3] for n in names]
        assert not [f for f in folders if f[0] in TRANSLATED or f[0] == "downloads" and f[1:] and f[1] in TRANSLATED]
        assert "track-ii-handbook/downloads/checklists/participant-selection.docx" in names
        bundle.extractall(target)
    return target / "track-ii-handbook"


def test_offline_bundle_searches_navigates_and_saves_ticks_without_network(page, offline_copy):
    seen = watch(page)
    page.goto((offline_copy / "index.html").as_uri())
    results = search_results(page, "backchannel")
    assert any(r.endswith("case-studies/oslo-back-channel.html") for r in results[:3]), results[:3]
    page.goto((offline_copy / f"checklists/{CHECKLIST}.html").as_uri())
    boxes(page).nth(3).check()
    page.reload()
    assert boxes(page).nth(3).is_checked()
    page.get_by_role("link", name="Case studies", exact=True).first.click()
    assert page.url.endswith("case-studies/index.html")
    assert all(url.startswith(("file://", "data:", "blob:")) for url in seen["requests"]), \
        [u for u in seen["requests"] if not u.startswith("file://")]
    assert seen["errors"] == []


def test_every_page_of_the_offline_bundle_stays_on_disk_without_errors(page, offline_copy):
    seen = watch(page)
    paths = sorted(offline_copy.rglob("*.html"))
    for path in paths:
        page.goto(path.as_uri(), wait_until="load")
    outside = [url for url in seen["requests"] if not url.startswith(("file://", "data:", "blob:"))]
    assert outside == []
    assert seen["errors"] == []
    assert len(paths) >= 40


def test_checklist_prints_with_boxes_and_without_navigation(page, server, tmp_path):
    page.goto(server + f"checklists/{CHECKLIST}.html")
    boxes(page).nth(0).check()
    page.emulate_media(media="print")
    assert boxes(page).first.is_visible()
    assert boxes(page).first.bounding_box()["width"] >= 10
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".t2-progress").is_hidden()
    pdf = tmp_path / "print.pdf"
    page.pdf(path=str(pdf), format="A4")
    from pypdf import PdfReader
    text = PdfReader(str(pdf)).pages[0].extract_text()
    assert "Selecting participants" in text and "Clear all ticks" not in text


def test_printed_chapter_shows_external_addresses_and_no_navigation(page, server, tmp_path):
    from pypdf import PdfReader
    page.goto(server + "handbook/step-3-prepare.html")
    external = page.locator('.md-content a[href^="http"]').first
    address = external.get_attribute("href")
    page.emulate_media(media="print")
    assert page.locator(".md-sidebar--primary").is_hidden()
    assert page.locator(".md-header").is_hidden()
    after = page.evaluate("el => getComputedStyle(el, '::after').content", external.element_handle())
    assert address in after
    pdf = tmp_path / "chapter.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = " ".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert "Step 3" in text and "Table of contents" not in text


# --- the Content-Security-Policy every page carries ------------------------------------------------------

def csp_of(html: str) -> tuple[str | None, list[str]]:
    """The page's CSP (from the first element of <head>, as it must be to cover everything) and its inline scripts."""
    import justhtml
    document = justhtml.JustHTML(html, sanitize=False)
    head = document.query_one("head")
    first = next((n for n in head.children if isinstance(n, justhtml.Element)), None)
    policy = first.attrs.get("content") if first is not None and \
        (first.attrs.get("http-equiv") or "").lower() == "content-security-policy" else None
    inline = ["".join(c.data for c in s.children if c.name == "#text") for s in document.query("script")
              if "src" not in s.attrs and s.attrs.get("type") != "application/json"]
    return policy, inline


def test_every_page_carries_a_policy_that_names_each_of_its_inline_scripts(site):
    import base64
    import hashlib
    pages = [p for p in site.rglob("*.html")]
    assert len(pages) >= 40
    for path in pages:
        policy, inline = csp_of(path.read_text(encoding="utf-8"))
        assert policy, path
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'" and directives["img-src"] == "'self' data:", path
        assert "'unsafe-inline'" not in directives["script-src"] and directives["object-src"] == "'none'", path
        for script in inline:
            hashed = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
            assert f"'sha256-{hashed}'" in directives["script-src"], (path, script[:60])


def test_the_policy_stops_script_and_requests_the_theme_did_not_write(browser, site):
    """Defence in depth: even a page that escaped the build's checks runs none of it in a reader's browser."""
    page_file = site / "handbook" / "introduction.html"
    html = page_file.read_text(encoding="utf-8")
    injected = html.replace("</article>", '<script>top.__pwned=1</script><img src="https://evil.example/x.png" alt="">'
                                          '<img src="x" onerror="top.__pwned=2" alt=""></article>', 1)
    attacked = page_file.with_name("attacked.html")
    attacked.write_text(injected, encoding="utf-8")
    context = browser.new_context()
    tab = context.new_page()
    seen = watch(tab)
    answered, failed = [], {}
    tab.on("response", lambda response: answered.append(response.url))
    tab.on("requestfailed", lambda request: failed.setdefault(request.url, request.failure))
    try:
        tab.goto(attacked.as_uri())
        tab.wait_for_timeout(300)
        assert tab.evaluate("() => window.__pwned === undefined")
        assert tab.evaluate("() => typeof __md_scope") == "object"  # the theme's own inline script did run
    finally:
        context.close()
        attacked.unlink()
    assert not any("evil.example" in url for url in answered), answered
    assert "csp" in (failed.get("https://evil.example/x.png") or "").lower(), failed  # blocked in the browser
    assert any("Content Security Policy" in error for error in seen["errors"]), seen["errors"]
