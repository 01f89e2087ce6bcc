"""Accessibility in a real browser: axe-core (WCAG 2.1 AA) on every page in both palettes, and keyboard use."""

from __future__ import annotations


import pytest

from conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


# Only colours change with the palette: the light pass runs every WCAG 2.1 AA rule, the dark pass the
# rules that read colours (contrast, and links told apart from text by colour alone).
COLOUR_RULES = "{runOnly: {type: 'rule', values: ['color-contrast', 'link-in-text-block']}}"


def pages_to_judge(site) -> list[str]:
    """Every English page; in each other language, every translated page and one untranslated page of
    each kind (they share the English page's body, inside the translated site's frame)."""
    from macros.checks.validated import editions
    from macros.content.languages import TRANSLATED
    from macros.paths import site_path
    books, _ = editions(ROOT)
    everything = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    pages = [p for p in everything if p.split("/")[0] not in TRANSLATED]
    for language in TRANSLATED:
        translated = {site_path(path, False) for path in books[language].translations if path.endswith(".md")}
        mine = [p.split("/", 1)[1] for p in everything if p.startswith(language + "/")]
        kinds = {}
        for page in mine:
            if page not in translated:
                kinds.setdefault(page.rsplit("/", 1)[0] if "/" in page else "", page)
        pages += [f"{language}/{page}" for page in mine if page in translated or page in kinds.values()]
    return pages


@pytest.mark.parametrize("palette, scheme, rules", [("light", "default", WCAG_AA), ("dark", "slate", COLOUR_RULES)],
                         ids=["light", "dark"])
def test_every_page_has_no_wcag_aa_violations(browser, server, site, palette, scheme, rules):
    # The palette follows the reader's system setting, so emulate it before each page loads
    # (switching afterwards would let axe measure colours mid-transition).
    assert AXE.exists(), "run make test (scripts/setup.sh installs axe-core from package-lock.json)"
    # axe-core is injected as an inline script, which the site's own CSP rightly refuses: the test
    # context lets the test tool in (bypass_csp) without changing what the page allows.
    context = browser.new_context(color_scheme=palette, bypass_csp=True)
    tab = context.new_page()
    found = {}
    pages = pages_to_judge(site)
    for path in pages:
        tab.goto(server + path)
        assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
        tab.add_script_tag(path=str(AXE))
        result = tab.evaluate(f"axe.run(document, {rules})")
        for violation in result["violations"]:
            found.setdefault(violation["id"], []).append(f"{path}: {violation['nodes'][0]['target']}")
    context.close()
    assert found == {}, found
    assert len(pages) >= 40


def test_keyboard_only_search_checklist_and_case_filters(page, server, handbook):
    page.goto(server + "index.html")
    page.keyboard.press("/")  # Material's shortcut focuses the search box
    page.keyboard.type("backchannel", delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    first_result = page.locator(".md-search-result__item > a").first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(first_result)  # the arrow key reached the first result, and Enter opened it

    page.goto(server + "checklists/participant-selection.html")
    first = page.locator("ul.t2-items input[type=checkbox]").first
    for _ in range(200):  # Tab from the top until the first checkbox has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('ul.t2-items input[type=checkbox]')"):
            break
    page.keyboard.press("Space")
    assert first.is_checked()

    page.goto(server + "case-studies/index.html")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('select[data-filter=region]')"):
            break
    page.keyboard.press("ArrowDown")
    region = page.evaluate("document.activeElement.value")
    visible = page.locator("table.t2-cases tbody tr:visible").count()
    assert visible == sum(1 for c in handbook.cases.values() if c.region == region)
