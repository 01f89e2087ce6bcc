"""Reader features: topics from metadata, citations, freshness, what's new, print and the 404 page."""

from __future__ import annotations

import datetime as dt
from html import unescape
import re
import subprocess
import sys
from pathlib import Path

import yaml

from macros.outputs import reader_aids
from macros.content.source import read_config
from macros.paths import site_path

ROOT = Path(__file__).resolve().parent.parent


def linked_pages(html: str) -> set[str]:
    return set(re.findall(r'<a href="([^"#]+)">', html))


def test_topics_page_lists_exactly_what_the_metadata_says(site, handbook):
    html = (site / "topics.html").read_text(encoding="utf-8")
    members = reader_aids.topic_members(handbook)
    assert members, "no topics"
    for topic, items in members.items():
        section = html.split(f'id="{topic.anchor}"', 1)[1].split("</ul>", 1)[0]
        expected = {site_path(reader_aids._item_path(i), False) for i in items}
        assert linked_pages(section) == expected, topic.anchor
    # every step, role, activity and region used by some page has a topic
    used_regions = {c.region for c in handbook.cases.values()}
    assert {t.anchor for t in members if t.anchor.startswith("region-")} == {f"region-{r}" for r in used_regions}


def test_every_chapter_checklist_and_case_shows_topics_freshness_and_a_citation(site, handbook):
    for item in reader_aids.all_items(handbook):
        html = (site / site_path(reader_aids._item_path(item), False)).read_text(encoding="utf-8")
        assert 'class="t2-topics"' in html
        day = item.reviewed  # a date for readers, with its ISO form for machines
        assert f'Reviewed <time datetime="{day.isoformat()}">{day.day} {day:%B %Y}</time>' in html
        assert 'id="cite-this-page"' in html
        assert html.count('class="t2-citation"') == 3
        assert item.title in unescape(html.split('id="cite-this-page"')[1])


def test_citations_carry_the_edition_title_year_and_address(handbook):
    chapter = handbook.chapters["step-1-assess"]
    edition = reader_aids.Edition("1.0", "https://handbook.example.org/")
    styles = reader_aids.citations(chapter, edition)
    address = "https://handbook.example.org/handbook/step-1-assess.html"
    assert styles["APA"].startswith(f"Track II Peacemaking Handbook contributors. ({chapter.reviewed.year}). {chapter.title}")
    assert "(Version 1.0)" in styles["APA"] and address in styles["APA"]
    assert f"\u201c{chapter.title}.\u201d" in styles["Chicago"] and address in styles["Chicago"]
    bib = styles["BibTeX"]
    assert bib.startswith("@misc{t2handbook-step-1-assess,") and bib.endswith("}")
    assert bib.count("{") == bib.count("}") and f"url = {{{address}}}" in bib
    checklist = next(iter(handbook.checklists.values()))
    assert f"(Version {checklist.version})" in reader_aids.citations(checklist, edition)["APA"]


def test_citation_cff_is_valid_and_matches_the_built_edition():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = read_config(ROOT)
    assert cff["cff-version"] == "1.2.0"
    assert {"message", "title", "authors", "version", "date-released", "license"} <= set(cff)
    assert cff["title"] == config["site_name"]
    assert cff["version"] == str(config["extra"]["edition"])
    assert cff["license"] == "CC-BY-SA-4.0"
    assert isinstance(cff["date-released"], dt.date) and cff["date-released"] <= dt.date.today()
    assert all(isinstance(a, dict) and (a.get("name") or a.get("family-names")) for a in cff["authors"])
    assert cff["type"] in ("software", "dataset")


def test_last_changed_comes_from_git_with_a_fallback(tmp_path):
    """A real repository with two commits on known dates: each file gets the date of its newest commit."""
    import subprocess
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)

    def commit(name: str, date: str) -> None:
        (repo / name).write_text(date, encoding="utf-8")
        env = {"GIT_AUTHOR_DATE": f"{date}T12:00:00", "GIT_COMMITTER_DATE": f"{date}T12:00:00",
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin"}
        for command in (["add", name], ["commit", "-q", "-m", name]):
            subprocess.run(["git", *command], cwd=repo, env=env, check=True)

    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    commit("docs/a.md", "2024-03-01")
    commit("docs/b.md", "2025-06-15")
    commit("docs/a.md", "2026-01-20")
    assert reader_aids.git_last_changed(repo) == {"docs/a.md": "2026-01-20", "docs/b.md": "2025-06-15"}
    assert reader_aids.git_last_changed(tmp_path / "none") == {}  # not a repository: no dates, no crash


def test_check_reports_content_due_for_review(tmp_path):
    from test_validator import minimal_repo
    root = minimal_repo(tmp_path)
    good = root / "docs/handbook/good.md"
    good.write_text(good.read_text().replace("reviewed: 2026-11-01", "reviewed: 2020-01-01"))
    result = subprocess.run([sys.executable, str(ROOT / "scripts/validate.py"), "--root", str(root)],
                            capture_output=True, text=True)
    assert result.returncode == 0
    assert "review due: docs/handbook/good.md: last reviewed 2020-01-01" in result.stdout


def test_whats_new_lists_every_checklist_and_case_with_version_and_change(site, handbook):
    html = (site / "whats-new.html").read_text(encoding="utf-8")
    for item in [*handbook.checklists.values(), *handbook.cases.values()]:
        assert item.title in unescape(html)
    rows = re.findall(r'<tr><td><time datetime="(\d{4}-\d{2}-\d{2})">', html)
    assert rows == sorted(rows, reverse=True) and len(rows) == len(handbook.checklists) + len(handbook.cases)


def test_not_found_page_offers_search_and_a_way_back(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in html and 'label for="__search"' in html and "Checklists" in html
