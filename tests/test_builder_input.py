"""What `make site` gives a site builder: finished Markdown pages and a configuration naming them. The
builder needs none of our code, and nothing a reader sees depends on its plugins or hooks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from macros.content.source import read_config
from macros.outputs.builder_input import write_builder_input
from macros.outputs.navigation import nav_files
from macros.outputs.open_data import data_files
from macros.outputs.site_pages import site_context


def test_the_configuration_names_every_page_and_needs_no_plugin_of_ours(handbook, tmp_path):
    root = Path(handbook.root)
    config_file = write_builder_input(handbook, site_context(root, read_config(root), {}, data_files(handbook)),
                                      read_config(root), tmp_path)
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    assert "macros" not in str(config["plugins"]) and "watch" not in config
    assert (config["docs_dir"], config["site_dir"], config["theme"]["custom_dir"]) == ("docs", "site", "theme")
    assert (tmp_path / "theme" / "404.html").is_file()
    listed = set(nav_files(config["nav"]))
    assert {f"checklists/{c}.md" for c in handbook.checklists} <= listed
    assert {c.page.path.removeprefix("docs/") for c in handbook.cases.values()} <= listed
    written = {p.relative_to(tmp_path / "docs").as_posix() for p in (tmp_path / "docs").rglob("*.md")}
    assert written == {p.removeprefix("docs/") for p in handbook.pages}
    assert not (tmp_path / "docs" / "_data").exists()


def test_a_builder_renders_the_pages_without_importing_our_code(handbook, tmp_path):
    root = Path(handbook.root)
    config_file = write_builder_input(handbook, site_context(root, read_config(root), {}, data_files(handbook)),
                                      read_config(root), tmp_path / "input")
    out = tmp_path / "site"
    # Run from an empty folder, with nothing of ours on the path: `import macros` would fail there.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"NO_MKDOCS_2_WARNING": "1"}
    probe = subprocess.run([sys.executable, "-c", "import macros"], cwd=tmp_path, env=env, capture_output=True)
    assert probe.returncode != 0
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_file),
                             "-d", str(out)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    chapter = (out / "handbook" / "step-3-prepare.html").read_text(encoding="utf-8")
    assert 'id="cite-this-page"' in chapter and not re.search(r"\{\{ *(cite|term|xref|case)\(", chapter)
    case = (out / "case-studies" / "aceh-peace-process.html").read_text(encoding="utf-8")
    assert "<caption>Case facts</caption>" in case
    home = (out / "index.html").read_text(encoding="utf-8")
    assert sum(f'checklists/{c}.html' in home for c in handbook.checklists) == len(handbook.checklists)
