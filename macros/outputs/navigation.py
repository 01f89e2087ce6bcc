"""The site navigation: editorial order from mkdocs.yml, checklists and cases filled in from the model."""

from __future__ import annotations

from macros.content import vocab
from macros.content.model import Handbook

CHECKLIST_INDEX = "checklists/index.md"
CASE_INDEX = "case-studies/index.md"


def nav_files(nav) -> list[str]:
    """Every Markdown file named in a nav, in order."""
    files = []
    for entry in nav or []:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            files += nav_files(value)
        elif isinstance(value, str) and value.endswith(".md"):
            files.append(value)
    return files


def model_entries(index: str, handbook: Handbook) -> list[dict]:
    """Nav entries the model adds after a section's index page."""
    if index == CHECKLIST_INDEX:
        step_order = list(vocab.STEPS)
        lists = sorted(handbook.checklists.values(), key=lambda c: (step_order.index(c.step), c.title))
        return [{c.title: f"checklists/{c.id}.md"} for c in lists]
    if index == CASE_INDEX:
        cases = sorted(handbook.cases.values(), key=lambda c: (c.years, c.title))
        return [{c.title: c.page.path.removeprefix("docs/")} for c in cases]
    return []


def expand_nav(nav, handbook: Handbook):
    """A copy of the nav where each checklist or case index is followed by the model's pages. Pages the
    model adds are dropped where the nav already lists them, so expanding twice changes nothing (Zensical
    calls `define_env` once per page)."""
    added = {file for index in (CHECKLIST_INDEX, CASE_INDEX) for entry in model_entries(index, handbook)
             for file in entry.values()}

    def expand(entries):
        expanded = []
        for entry in entries or []:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            if isinstance(value, list):
                (title,) = entry
                expanded.append({title: expand(value)})
            elif value not in added:
                expanded.append(entry)
                expanded += model_entries(value, handbook)
        return expanded

    return expand(nav)


def translate_nav(nav, words: dict[str, str]):
    """A copy of the nav with each title the editors wrote in mkdocs.yml in the site's words
    (ui.yml 'nav:'); entries without a title take their page's own, translated, title."""
    def title(text: str) -> str:
        return words.get(f"nav:{text}", text)

    def translate(entries):
        out = []
        for entry in entries or []:
            if isinstance(entry, dict):
                (name, value), = entry.items()
                out.append({title(name): translate(value) if isinstance(value, list) else value})
            else:
                out.append(entry)
        return out

    return translate(nav)
