"""Tiny real sites built in a temporary directory: strict builds, clean failures, intact site/."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_build



def digest(directory: Path) -> dict[str, str]:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKAGES = {
    "front matter typo": ("docs/handbook/step-1-assess.md", "summary:", "sumary:",
                          "docs/handbook/step-1-assess.md:{summary:}: unknown field 'sumary' in chapter: "
                          "did you mean 'summary'?"),
    "unknown checklist id": ("docs/checklists/participant-selection.md", 'checklist("participant-selection")',
                             'checklist("participant-selection-x")',
                             "docs/checklists/participant-selection.md:{checklist(}: unknown checklist "
                             "'participant-selection-x'"),
    "duplicated item id": ("checklists/participant-selection.md", "`ps-key-or-more`", "`ps-purpose`",
                           "checklists/participant-selection.md:{ps-key-or-more}: item id 'ps-purpose' is already "
                           "used at checklists/participant-selection.md:{ps-purpose}"),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_bad_content_stops_the_build_and_keeps_the_previous_site(repo, name, site):
    previous = site
    site = repo / "site"
    shutil.copytree(previous, site)  # the session's build of this content: the site a bad edit must not touch
    before = digest(site)
    path, old, new, message = BREAKAGES[name]
    # The message names lines: {text} stands for the line where that text is, before the edit.
    message = re.sub(r"\{([^}]+)\}", lambda m: str(line_of(repo / path, m.group(1).strip("`"))), message)
    edit(repo / path, old, new)
    second = run_build(repo, site)
    output = second.stdout + second.stderr
    assert second.returncode == 1
    assert message in output
    assert "Traceback" not in output
    problem_lines = [line for line in output.splitlines() if ": " in line and line.split(":")[0].endswith(".md")]
    assert len(problem_lines) == 1, output
    assert digest(site) == before
    assert not list(repo.glob("site.tmp-*")), "staging directory left behind"


def test_plain_mkdocs_build_reports_content_problems_without_traceback(repo):
    edit(repo / "docs/handbook/introduction.md", "## In brief { #in-brief }", "## In brief {#in-brief}")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(repo / "out")],
                            cwd=repo, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode != 0
    assert "docs/handbook/introduction.md:" in result.stderr
    assert "'{#' starts a Jinja comment" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (repo / "out" / "index.html").exists()


def test_mkdocs_strict_link_validation_catches_links_the_validator_does_not_own(repo):
    # A link inside a macro-free page to a page MkDocs does not know: both layers must agree it is broken.
    (repo / "docs" / "extra.md").write_text("# Extra\n\n[Gone](handbook/gone.md)\n", encoding="utf-8")
    result = run_build(repo, repo / "site")
    assert result.returncode == 1
    assert "docs/extra.md:3: link 'handbook/gone.md' points to a page that does not exist" in result.stderr


# Loaded by every Python process of a build (PYTHONPATH): the clock reads 400 days and 13 hours later.
LATER_CLOCK = """
import datetime, time
SHIFT = 400 * 86400 + 13 * 3600
_time = time.time
time.time = lambda: _time() + SHIFT


class LaterDate(datetime.date):
    @classmethod
    def today(cls):
        return datetime.date.fromtimestamp(time.time())


class LaterDateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.datetime.fromtimestamp(time.time(), tz)

    @classmethod
    def today(cls):
        return cls.now()


datetime.date, datetime.datetime = LaterDate, LaterDateTime
"""


def test_two_builds_of_the_same_content_are_byte_identical_whatever_the_day(site, tmp_path):
    # No documented exceptions are needed: no build dates, sorted zip entries with a fixed date. The
    # second build runs with a clock a year and a day later, so a date taken from the clock shows here
    # rather than only when a test run happens to cross midnight.
    clock = tmp_path / "clock"
    clock.mkdir()
    (clock / "sitecustomize.py").write_text(LATER_CLOCK, encoding="utf-8")
    again = tmp_path / "again"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--site-dir", str(again)],
                            capture_output=True, text=True, cwd=ROOT,
                            env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
                            | {"PYTHONPATH": str(clock)})
    assert result.returncode == 0, result.stderr
    first, second = digest(site), digest(again)
    assert sorted(set(first) ^ set(second)) == []
    assert [name for name in first if first[name] != second[name]] == []
