"""scripts/new.py in a copy of the repository: new files pass the check and build, nothing is overwritten."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_build
from macros.content.source import read_config



def new(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(repo / "scripts" / "new.py"), *args],
                          cwd=repo, capture_output=True, text=True)


def validate(repo: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(repo / "scripts" / "validate.py"), "--root", str(repo)],
                          cwd=repo, capture_output=True, text=True)


INSTRUCTION = re.compile(r'Replace this: [^".\n]*\.?')


def fill_in(path: Path) -> None:
    """What a contributor does: every 'Replace this: ...' instruction becomes their own words."""
    text = path.read_text(encoding="utf-8")
    path.write_text(INSTRUCTION.sub("Written by the contributor.", text), encoding="utf-8")


def instruction_lines(path: Path) -> list[int]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return [number for number, line in enumerate(lines, start=1) if "Replace this:" in line]


def front_matter(path: Path) -> tuple[dict, list[str]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    end = lines.index("---", 1)
    return yaml.safe_load("\n".join(lines[1:end])), lines[1:end]


def schema_fields(kind: str):
    from macros.content import schema
    return schema.FIELD_TABLES[kind]


KINDS = {
    # kind: (extra arguments, files expected relative to the copy)
    "chapter": ((), ("docs/handbook/{id}.md",)),
    "checklist": (("--step", "conduct"), ("checklists/{id}.md", "docs/checklists/{id}.md")),
    "case": ((), ("docs/case-studies/{id}.md",)),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_new_file_lists_what_to_write_then_passes_once_written(repo, kind):
    extra, expected = KINDS[kind]
    result = new(repo, kind, "Talking to the Other Side: Lessons (1990-2000)", *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    file_id = "talking-to-the-other-side-lessons-1990-2000"
    paths = [repo / name.format(id=file_id) for name in expected]
    for path in paths:
        assert path.is_file(), result.stdout
        assert f"created {path.relative_to(repo).as_posix()}" in result.stdout
    assert "make serve" in result.stdout and "make check" in result.stdout

    # Straight from the template: only the instructions fail, each reported at its own line.
    todo = instruction_lines(paths[0])
    assert len(todo) >= 3
    checked = validate(repo)
    assert checked.returncode == 1
    reported = checked.stdout.strip().split("\n")
    name = paths[0].relative_to(repo).as_posix()
    assert [line.split(": template instruction not replaced yet ('")[0] for line in reported] == \
        [f"{name}:{n}" for n in todo]
    assert all(line.endswith("'): write your own text in its place") for line in reported)
    for path in paths:
        fill_in(path)
    checked = validate(repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    meta, lines = front_matter(paths[0])
    assert meta["id"] == file_id
    assert meta["title"] == "Talking to the Other Side: Lessons (1990-2000)"
    assert meta["reviewed"] == dt.date.today()
    for field in schema_fields(kind):
        if field.required:
            assert meta.get(field.name) is not None, f"required field '{field.name}' missing"
            line = next(l for l in lines if l.startswith(f"{field.name}:"))
            assert f"# required: {field.doc}" in line, line


def test_checklist_page_shows_the_checklist(repo):
    assert new(repo, "checklist", "Closing a project").returncode == 0
    page = (repo / "docs/checklists/closing-a-project.md").read_text(encoding="utf-8")
    assert page == '---\nrender_macros: true\n---\n\n{{ checklist("closing-a-project") }}\n'


def test_chapter_sections_and_navigation(repo):
    config_before = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    result = new(repo, "chapter", "Working with diasporas", "--step", "plan")
    assert result.returncode == 0, result.stderr
    text = (repo / "docs/handbook/working-with-diasporas.md").read_text(encoding="utf-8")
    headings = [line for line in text.split("\n") if line.startswith("## ")]
    assert headings == ["## In brief { #in-brief }", "## Who this chapter is for { #who-this-chapter-is-for }",
                        "## What to read next { #what-to-read-next }", "## Further reading { #further-reading }"]
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    added = [line for line in config.split("\n") if line not in config_before.split("\n")]
    assert added == ["      - handbook/working-with-diasporas.md"]
    assert len(config.split("\n")) == len(config_before.split("\n")) + 1  # comments and layout kept
    nav = read_config(repo)["nav"]
    handbook = next(entry["Handbook"] for entry in nav if isinstance(entry, dict) and "Handbook" in entry)
    assert handbook[-1] == "handbook/working-with-diasporas.md"

    assert new(repo, "chapter", "Funding ethics").returncode == 0
    text = (repo / "docs/handbook/funding-ethics.md").read_text(encoding="utf-8")
    assert [line for line in text.split("\n") if line.startswith("## ")] == [
        "## In brief { #in-brief }", "## Further reading { #further-reading }"]
    assert "step" not in front_matter(repo / "docs/handbook/funding-ethics.md")[0]
    for name in ("working-with-diasporas", "funding-ethics"):
        fill_in(repo / f"docs/handbook/{name}.md")
    checked = validate(repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_case_has_the_seven_sections_in_order(repo):
    from macros.checks.rules import CASE_SECTIONS
    assert new(repo, "case", "A new case").returncode == 0
    text = (repo / "docs/case-studies/a-new-case.md").read_text(encoding="utf-8")
    anchors = [line.rsplit("{ #", 1)[1].rstrip(" }") for line in text.split("\n") if line.startswith("## ")]
    assert tuple(anchors) == CASE_SECTIONS


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_existing_files_are_never_overwritten(repo, kind):
    extra, expected = KINDS[kind]
    assert new(repo, kind, "Same title", *extra).returncode == 0
    paths = [repo / name.format(id="same-title") for name in expected]
    before = [p.read_text(encoding="utf-8") for p in paths]
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    again = new(repo, kind, "Same title", *extra)
    assert again.returncode == 2
    assert "already exists" in again.stderr and "nothing was created" in again.stderr
    assert [p.read_text(encoding="utf-8") for p in paths] == before
    assert (repo / "mkdocs.yml").read_text(encoding="utf-8") == config


def test_checklist_refused_when_only_its_page_exists(repo):
    page = repo / "docs/checklists/orphan.md"
    page.write_text("---\nrender_macros: true\n---\n\nMine.\n", encoding="utf-8")
    result = new(repo, "checklist", "Orphan")
    assert result.returncode == 2
    assert "docs/checklists/orphan.md already exists" in result.stderr
    assert not (repo / "checklists/orphan.md").exists()
    assert page.read_text(encoding="utf-8").endswith("Mine.\n")


def test_ids_are_ascii_slugs_and_bad_ids_are_refused(repo):
    assert new(repo, "case", "Médiation à Genève: l’accord").returncode == 0
    assert (repo / "docs/case-studies/mediation-a-geneve-laccord.md").is_file()
    assert new(repo, "case", "Anything", "--id", "my-own-id").returncode == 0
    assert (repo / "docs/case-studies/my-own-id.md").is_file()
    bad = new(repo, "case", "Anything", "--id", "Not_A_Slug")
    assert bad.returncode == 2 and "lowercase" in bad.stderr
    empty = new(repo, "case", "!!!")
    assert empty.returncode == 2 and "--id" in empty.stderr


def test_draft_is_previewed_but_never_published(repo, tmp_path):
    assert new(repo, "case", "Built case (2001-2002)").returncode == 0
    site = tmp_path / "site"
    refused = run_build(repo, site)
    assert refused.returncode == 1
    assert "docs/case-studies/built-case-2001-2002.md:6: template instruction not replaced yet" in refused.stderr
    assert "Traceback" not in refused.stderr and not site.exists()

    # `make serve` sets T2_PREVIEW=1: the same MkDocs run then builds the draft as it stands.
    preview = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(site)], cwd=repo,
                             capture_output=True, text=True, env=dict(os.environ, T2_PREVIEW="1"))
    assert preview.returncode == 0, preview.stderr
    assert "to finish: docs/case-studies/built-case-2001-2002.md:6: template instruction" in preview.stderr
    page = (site / "case-studies" / "built-case-2001-2002.html").read_text(encoding="utf-8")
    assert "Built case (2001-2002)" in page and "Replace this: Describe the conflict" in page


def run_fields(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "new.py"), "fields", *args],
                          cwd=ROOT, capture_output=True, text=True)


def test_fields_prints_every_field_of_every_type():
    from macros.content import schema
    result = run_fields()
    assert result.returncode == 0, result.stderr
    for fields in schema.FIELD_TABLES.values():
        for field in fields:
            assert f"| `{field.name}` | {'yes' if field.required else 'no'} | {field.doc}" in result.stdout


def test_contributing_field_reference_is_current():
    result = run_fields("--check", "CONTRIBUTING.md")
    assert result.returncode == 0, result.stdout + result.stderr


def test_stale_field_reference_is_reported_and_rewritten(tmp_path):
    current = run_fields().stdout
    guide = tmp_path / "GUIDE.md"
    guide.write_text(f"# Guide\n\n<!-- fields:start -->\n{current.replace('Countries involved', 'Nations')}"
                     "<!-- fields:end -->\n\nAfter.\n", encoding="utf-8")
    stale = run_fields("--check", str(guide))
    assert stale.returncode == 1
    assert "out of date" in stale.stderr and "--write" in stale.stderr
    assert run_fields("--write", str(guide)).returncode == 0
    assert run_fields("--check", str(guide)).returncode == 0
    assert guide.read_text(encoding="utf-8").endswith("<!-- fields:end -->\n\nAfter.\n")
    guide.write_text("# No markers\n", encoding="utf-8")
    missing = run_fields("--check", str(guide))
    assert missing.returncode == 1 and "fields:start" in missing.stderr


def test_new_template_has_its_form_use_and_example_and_joins_the_templates_list(repo):
    result = new(repo, "template", "Safe-arrival log")
    assert result.returncode == 0, result.stdout + result.stderr
    path = repo / "docs" / "template" / "safe-arrival-log.md"
    assert "added template/safe-arrival-log.md to the Templates list" in result.stdout
    meta, _ = front_matter(path)
    assert meta["title"] == "Template: Safe-arrival log" and meta["render_macros"] is True
    config = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    listed = config.split("  - Templates:\n")[1].split("\n  - ")[0]
    assert listed.rstrip().endswith("- template/safe-arrival-log.md")
    todo = instruction_lines(path)
    checked = validate(repo)
    assert checked.returncode == 1
    assert [line.split(": template instruction")[0] for line in checked.stdout.strip().split("\n")] == \
        [f"docs/template/safe-arrival-log.md:{n}" for n in todo]
    fill_in(path)
    checked = validate(repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr
