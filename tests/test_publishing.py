"""Where the site is published, the Pages workflow passes its address and repository through the
environment (mkdocs.yml reads them with !ENV): every page gets an "Edit this page" link to the file a
contributor really edits, and the sitemap gets real addresses. Without them nothing is invented."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from macros.checks.rules import validate

REPO_URL = "https://github.com/example-org/track-ii-handbook"  # test input, not the project's address
SITE_URL = "https://example-org.github.io/track-ii-handbook/"
EDIT_LINK = re.compile(r'<a href="([^"]+)" title="Edit this page"[^>]*rel="edit"')


# `make site` (what the Pages workflow runs) gives finished pages to the builder and fixes the edit
# links itself; a plain `mkdocs build` (and `make serve`) goes through the mkdocs-macros hooks.
BUILDS = {"make site": [sys.executable, "scripts/build.py", "--site-dir"],
          "plain mkdocs build": [sys.executable, "-m", "mkdocs", "build", "-q", "-d"]}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Both ways of building, published with an address and a repository (make site first: it writes the
    PDF sizes that the hooks read)."""
    sites = {}
    env = dict(os.environ, T2_REPO_URL=REPO_URL, T2_SITE_URL=SITE_URL, NO_MKDOCS_2_WARNING="1")
    for name, command in BUILDS.items():
        out = tmp_path_factory.mktemp("published") / "site"
        result = subprocess.run([*command, str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        sites[name] = out
    return sites


@pytest.fixture(params=list(BUILDS))
def published(request, builds) -> Path:
    return builds[request.param]


def test_both_ways_of_building_give_the_same_pages(builds):
    from macros.content.languages import TRANSLATED
    made, plain = builds["make site"], builds["plain mkdocs build"]
    pages = sorted(p.relative_to(made).as_posix() for p in made.rglob("*.html")
                   if p.relative_to(made).parts[0] not in TRANSLATED)  # the preview shows English only
    assert pages == sorted(p.relative_to(plain).as_posix() for p in plain.rglob("*.html"))
    assert len(pages) >= 60
    differing = [page for page in pages if (made / page).read_bytes() != (plain / page).read_bytes()]
    assert differing == []
    index_files = ["search/search_index.json", "search/search_index.js",
                   *(p.relative_to(made).as_posix() for p in (made / "search" / "t2").iterdir())]
    for index in index_files:
        assert (made / index).read_bytes() == (plain / index).read_bytes(), index


def edit_links(site: Path, translated: bool = False) -> dict[str, list[str]]:
    """Each English page's edit links (or, `translated`, each translated site's page's)."""
    from macros.content.languages import TRANSLATED
    return {page.relative_to(site).as_posix(): EDIT_LINK.findall(page.read_text(encoding="utf-8"))
            for page in site.rglob("*.html") if page.name != "404.html"
            and (page.relative_to(site).parts[0] in TRANSLATED) == translated}


def test_every_page_links_to_the_file_to_edit(published):
    handbook, _ = validate(ROOT)
    links = edit_links(published)
    assert len(links) >= 40
    prefix = f"{REPO_URL}/edit/main/"
    for page, found in links.items():
        assert len(found) == 1, f"{page}: {found}"
        assert found[0].startswith(prefix), found[0]
        source = found[0].removeprefix(prefix)
        assert (ROOT / source).is_file(), f"{page} links to {source}, which does not exist"
    assert links["handbook/step-3-prepare.html"] == [prefix + "docs/handbook/step-3-prepare.md"]
    # A checklist's text lives in checklists/<id>.md, not in the page that shows it.
    for checklist_id in handbook.checklists:
        assert links[f"checklists/{checklist_id}.html"] == [f"{prefix}checklists/{checklist_id}.md"]
    # A translated page would open the English file, or a translation not yet written: none has the button.
    assert not any(edit_links(published, translated=True).values())


def test_repository_link_makes_no_request_to_github(published):
    home = (published / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="([^"]+)" title="Go to repository" class="md-source"[^>]*>', home)
    assert link and link.group(1) == REPO_URL
    # Material's own partial adds data-md-component="source", which fetches stars and forks from
    # api.github.com on every page view.
    assert 'data-md-component="source"' not in home


def test_sitemap_lists_every_page_at_the_published_address(published):
    from macros.content.languages import TRANSLATED
    sitemap = (published / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    pages = [p for p in published.rglob("*.html") if p.name != "404.html"
             and p.relative_to(published).parts[0] not in TRANSLATED]  # each language has its own sitemap
    assert len(locations) == len(pages)
    assert all(loc.startswith(SITE_URL) for loc in locations)
    assert f"{SITE_URL}handbook/step-3-prepare.html" in locations


def test_each_sitemap_gives_every_page_in_every_language(builds):
    """hreflang, where search engines read it: each page's entry names its address in each language
    (`make site` publishes the translations; the preview shows English only)."""
    published = builds["make site"]
    for language in ("", "fr/", "ar/"):
        sitemap = (published / language / "sitemap.xml").read_text(encoding="utf-8")
        entry = re.search(rf"<url>\s*<loc>{re.escape(SITE_URL + language)}handbook/step-3-prepare.html</loc>.*?</url>",
                          sitemap, re.S).group(0)
        links = dict(re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', entry))
        assert links == {"en": f"{SITE_URL}handbook/step-3-prepare.html",
                         "fr": f"{SITE_URL}fr/handbook/step-3-prepare.html",
                         "es": f"{SITE_URL}es/handbook/step-3-prepare.html",
                         "ar": f"{SITE_URL}ar/handbook/step-3-prepare.html",
                         "x-default": f"{SITE_URL}handbook/step-3-prepare.html"}
        for href in links.values():
            assert (published / href.removeprefix(SITE_URL)).is_file()


def test_without_an_address_nothing_is_invented(site):
    assert not any(edit_links(site).values())
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'title="Go to repository"' not in home
    assert "<loc>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
