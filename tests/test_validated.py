"""Validation runs once per state of the content: a builder that calls our `define_env` again and again
(mkdocs serve on every rebuild, Zensical on every page) gets the same model back until a content
file or a rule changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.checks import validated as cache
from macros.content.source import read_config
from macros.outputs.navigation import expand_nav


@pytest.fixture
def counted(monkeypatch):
    """Start with an empty memory and count real validations."""
    monkeypatch.setattr(cache, "_last", None)
    calls = []
    real = cache.validate

    def counting(root):
        calls.append(root)
        return real(root)

    monkeypatch.setattr(cache, "validate", counting)
    return calls


def test_one_process_validates_once_per_content_state(repo, counted):
    first = cache.validated(repo)
    assert cache.validated(repo) is first and len(counted) == 1
    page = repo / "docs" / "case-studies" / "aceh-peace-process.md"
    page.write_text(page.read_text(encoding="utf-8").replace("region: asia\n", ""), encoding="utf-8")
    _, problems = cache.validated(repo)
    assert len(counted) == 2
    assert any(p.path == "docs/case-studies/aceh-peace-process.md" and "region" in p.message for p in problems)


def test_a_new_file_or_a_rule_change_is_a_new_state(repo, monkeypatch, tmp_path):
    code = tmp_path / "code"
    code.mkdir()
    (code / "rules.py").write_text("RULES = ()\n", encoding="utf-8")
    monkeypatch.setattr(cache, "CODE_DIR", code)
    keys = {cache.content_key(repo)}
    (code / "rules.py").write_text("RULES = (print,)\n", encoding="utf-8")
    keys.add(cache.content_key(repo))
    (repo / "docs" / "assets" / "new.txt").write_text("x", encoding="utf-8")
    keys.add(cache.content_key(repo))
    assert len(keys) == 3


def test_expanding_the_navigation_twice_changes_nothing(handbook):
    nav = read_config(Path(handbook.root))["nav"]
    once = expand_nav(nav, handbook)
    assert expand_nav(once, handbook) == once
    assert len(str(once)) > len(str(nav))  # the checklists and cases were added
