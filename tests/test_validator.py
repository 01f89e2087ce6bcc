"""The validator: a golden fixture of broken content, hostile files, and the real content."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from macros.checks.rules import validate

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "fixtures" / "broken"


def test_broken_fixture_gives_exactly_the_golden_messages():
    _, problems = validate(BROKEN)
    expected = (BROKEN / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [str(p) for p in problems] == expected


def test_check_command_exits_non_zero_and_prints_path_line_messages():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), "--root", str(BROKEN)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith("checklists/dup.md:20: item id 'du-first' is already used")
    golden = (BROKEN / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert f"{len(golden)} problem(s)" in result.stderr


def test_real_content_is_valid_and_quick():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("check: ok:")


def minimal_repo(tmp_path: Path) -> Path:
    """A copy of the golden fixture's valid part: one good chapter with its glossary and references."""
    for part in ("docs/handbook/good.md", "docs/_data/glossary.yml", "docs/_data/references.yml", "docs/_data/ui.yml"):
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BROKEN / part, tmp_path / part)
    good = tmp_path / "docs/handbook/good.md"
    good.write_text(good.read_text().replace("Ripeness comes first here.\n\n", ""))
    (tmp_path / "docs/_data/glossary.yml").write_text(
        "- id: ripeness\n  term: Ripeness\n  definition: When parties are ready to negotiate.\n")
    (tmp_path / "docs/_data/references.yml").write_text(
        (BROKEN / "docs/_data/references.yml").read_text().split("- key: lonely-2001")[0])
    (tmp_path / "checklists").mkdir()
    return tmp_path


def only_problems(root: Path) -> list[str]:
    _, problems = validate(root)
    return [str(p) for p in problems]


def test_minimal_repo_is_valid(tmp_path):
    assert only_problems(minimal_repo(tmp_path)) == []


HOSTILE_FILES = {
    "invalid UTF-8": (b"---\ntitle: x\n---\n\ncaf\xe9\n", "docs/x.md:5: is not valid UTF-8 (byte 0xe9)"),
    "NUL byte": (b"hello\x00world\n", "docs/x.md:1: contains a NUL character"),
    "YAML alias bomb": (b"---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\n",
                        "docs/x.md:2: YAML anchors and aliases (& and *) are not allowed"),
    "front matter not a mapping": (b"---\n- just\n- a list\n---\n", "docs/x.md:2: front matter must be fields"),
    "python tag": (b"---\ntitle: !!python/object/apply:os.system ['id']\n---\n",
                   "docs/x.md:2: YAML tags such as '!!python/object/apply:os.system' are not allowed"),
    "deep nesting": (b"---\ntitle: " + b"[" * 60 + b"]" * 60 + b"\n---\n", "docs/x.md:2: YAML is nested"),
    "5 MB file": (b"a" * (5 * 1024 * 1024), "docs/x.md:1: is 5120 KB; the limit is 512 KB"),
    "data URL link": (b"[x](data:text/html;base64,PHNjcmlwdD4=)\n", "docs/x.md:1: link 'data:text/html"),
    "svg data image": (b"![x](data:image/svg+xml;base64,PHN2Zz4=)\n", "would be fetched from outside the site"),
    "protocol-relative image": (b"![x](//evil.example/x.png)\n", "would be fetched from outside the site"),
    "object tag": (b"<object data='x.swf'></object>\n", "raw HTML <object> is not allowed"),
    "style attribute": (b"<span style='background:url(https://x.example/)'>x</span>\n",
                        "attribute 'style' on <span> is not allowed"),
    "vbscript link": (b"[x](vbscript:msgbox)\n", "uses a scheme that is not allowed"),
    "file link": (b"[x](file:///etc/passwd)\n", "uses a scheme that is not allowed"),
    "absolute path image": (b"![x](/etc/passwd)\n", "is absolute"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_page_is_rejected_with_a_clear_message(tmp_path, name):
    content, expected = HOSTILE_FILES[name]
    root = minimal_repo(tmp_path)
    (root / "docs" / "x.md").write_bytes(content)
    problems = only_problems(root)
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("docs/x.md:") for p in problems), problems


def test_symlink_out_of_the_repository_is_rejected(tmp_path):
    root = minimal_repo(tmp_path / "repo")
    secret = tmp_path / "secret.md"
    secret.write_text("# secret\n")
    os.symlink(secret, root / "docs" / "leak.md")
    os.symlink("/etc/passwd", root / "docs" / "passwd.txt")
    problems = only_problems(root)
    assert any(p.startswith("docs/leak.md:1: is a symbolic link") for p in problems), problems
    assert any(p.startswith("docs/passwd.txt:1: is a symbolic link") for p in problems), problems


@pytest.mark.parametrize("line", ["    " * 400 + "- item", "> " * 400 + "quote", "- " * 400 + "item"])
def test_deep_nesting_is_reported_where_it_starts(tmp_path, line):
    """400 levels exhausted the PDF renderer's stack with a bare RecursionError; now the check names it."""
    root = minimal_repo(tmp_path)
    (root / "docs" / "nested.md").write_text("# Nested\n\nIntro.\n\n" + line + "\n")
    problems = only_problems(root)
    assert len(problems) == 1 and problems[0].startswith("docs/nested.md:5: lists or quotes are nested"), problems


def test_nesting_within_the_limit_is_fine(tmp_path):
    root = minimal_repo(tmp_path)
    (root / "docs" / "nested.md").write_text("".join("    " * depth + "- item\n" for depth in range(12)))
    assert only_problems(root) == []
