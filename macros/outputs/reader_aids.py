"""What readers need around the text: topics (pathways), citations, freshness and what changed.

All of it is derived from the content model's metadata, never kept by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import urljoin

from macros.content import vocab
from macros.content.model import CaseStudy, Chapter, Checklist, Handbook, Words
from macros.paths import Here, checklist_page, site_path, url

TOPICS_PAGE = "docs/topics.md"
AUTHOR = "Track II Peacemaking Handbook contributors"
PUBLICATION = "Track II Peacemaking Handbook"


@dataclass(frozen=True)
class Topic:
    anchor: str
    group: str
    label: str


def _item_path(item) -> str:
    return checklist_page(item.id) if isinstance(item, Checklist) else item.page.path


def item_at(handbook: Handbook, path: str):
    """The chapter, checklist or case study a docs/ page shows, or None."""
    return next((i for i in all_items(handbook) if _item_path(i) == path), None)


def edit_url(page_edit_url: str, page_path: str, item) -> str:
    """The "Edit this page" link to the file a contributor really edits.

    MkDocs points it at the page under docs/; a checklist page there only calls the checklist
    macro, while its text lives in checklists/<id>.md at the repository root.
    """
    if not isinstance(item, Checklist):
        return page_edit_url
    to_root = "../" * page_path.count("/")  # from docs/checklists/<id>.md up to the repository root
    return urljoin(page_edit_url, f"{to_root}{item.path}")


def topics_of(item: Chapter | Checklist | CaseStudy, words: dict[str, str]) -> list[Topic]:
    """The topics an item belongs to, from its metadata: step, reader role, activity type, region
    (labelled in the site's words: vocab.SHOWN's groups)."""
    steps = [item.step] if getattr(item, "step", None) else []
    if isinstance(item, CaseStudy):
        steps = item.steps
    found = [Topic(f"step-{s}", "By handbook step", words[f"steps:{s}"]) for s in steps]
    found += [Topic(f"role-{a}", "By reader role", words[f"audiences:{a}"]) for a in getattr(item, "audience", [])]
    if isinstance(item, CaseStudy):
        found += [Topic(f"activity-{a}", "By activity type", words[f"activity_types:{a}"]) for a in item.activities]
        found.append(Topic(f"region-{item.region}", "By region", words[f"regions:{item.region}"]))
    return found


def all_items(handbook: Handbook) -> list:
    return [*handbook.chapters.values(), *handbook.checklists.values(), *handbook.cases.values()]


def topic_members(handbook: Handbook) -> dict[Topic, list]:
    """Every topic with the items that carry it, in vocabulary order."""
    members: dict[Topic, list] = {}
    for item in all_items(handbook):
        for topic in topics_of(item, handbook.ui):
            members.setdefault(topic, []).append(item)
    order = ([f"step-{s}" for s in vocab.STEPS] + [f"role-{a}" for a in vocab.AUDIENCES]
             + [f"activity-{a}" for a in vocab.ACTIVITIES] + [f"region-{r}" for r in vocab.REGIONS])
    return dict(sorted(members.items(), key=lambda pair: order.index(pair[0].anchor)))


def topic_index(handbook: Handbook, here: Here) -> str:
    """The topics page: one list per topic, grouped, generated from metadata."""
    out, group = [], None
    for topic, items in topic_members(handbook).items():
        if topic.group != group:
            group = topic.group
            out += [f"## {group}", ""]
        out += [f"### {topic.label} {{ #{topic.anchor} }}", "", '<ul class="t2-topic">']
        for item in sorted(items, key=lambda i: (type(i).__name__, i.title)):
            kind = {"Chapter": "chapter", "Checklist": "checklist", "CaseStudy": "case study"}[type(item).__name__]
            out.append(f'<li><a href="{url(here, _item_path(item))}">{escape(item.title)}</a> '
                       f'<span class="t2-kind">({kind})</span></li>')
        out += ["</ul>", ""]
    return "\n".join(out)


def topic_line(here: Here, item, words: dict[str, str]) -> str:
    links = " · ".join(f'<a href="{url(here, TOPICS_PAGE, t.anchor)}">{escape(t.label)}</a>' for t in topics_of(item, words))
    return f'<p class="t2-topics" data-search-exclude><strong>{escape(words["topics"])}</strong> {links}</p>' if links else ""


# --- citations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edition:
    version: str  # the handbook's edition, from mkdocs.yml extra.edition
    site_url: str | None


def _version(item, edition: Edition) -> str:
    return getattr(item, "version", None) or edition.version


def page_address(item, edition: Edition) -> str:
    path = site_path(_item_path(item), directory_urls=False)
    return (edition.site_url.rstrip("/") + "/" + path) if edition.site_url else path


def citations(item, edition: Edition) -> dict[str, str]:
    """Ready citations in APA and Chicago author-date styles and as BibTeX (plain text)."""
    year, title, version = item.reviewed.year, item.title, _version(item, edition)
    address = page_address(item, edition)
    key = "t2handbook-" + re.sub(r"[^a-z0-9]+", "-", (getattr(item, "id", "") or title).lower()).strip("-")
    return {
        "APA": f"{AUTHOR}. ({year}). {title} (Version {version}). In {PUBLICATION}. "
               f"Retrieved [date you accessed it], from {address}",
        "Chicago": f"{AUTHOR}. {year}. \u201c{title}.\u201d {PUBLICATION}, version {version}. "
                   f"{address} (accessed [date you accessed it]).",
        "BibTeX": "\n".join([f"@misc{{{key},", f"  author = {{{{{AUTHOR}}}}},", f"  title = {{{{{title}}}}},",
                             f"  howpublished = {{{PUBLICATION}}},", f"  year = {{{year}}},",
                             f"  version = {{{version}}},", f"  url = {{{address}}},",
                             "  note = {Accessed: [date you accessed it]}", "}"]),
    }


def citation_block(item, edition: Edition) -> str:
    """The 'Cite this page' section that ends chapters, checklists and case studies."""
    styles = citations(item, edition)
    blocks = "".join(f'<p><strong>{name}</strong></p><pre class="t2-citation"><code>{escape(text)}</code></pre>'
                     for name, text in styles.items())
    return ("## Cite this page { #cite-this-page }\n\n"
            f'<div class="t2-cite-page" data-address="{escape(page_address(item, edition))}">{blocks}</div>')


# --- freshness ---------------------------------------------------------------------------------


def git_last_changed(root: Path) -> dict[str, str]:
    """Date (YYYY-MM-DD) of the last commit touching each file, from one `git log`; {} without git."""
    try:
        log = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--", "docs", "checklists"],
                             cwd=root, capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    changed: dict[str, str] = {}
    for entry in log.split("\x00")[1:]:
        date, *paths = entry.strip().split("\n")
        for path in filter(None, (p.strip() for p in paths)):
            changed.setdefault(path, date)  # newest commit comes first
    return changed


def freshness_line(item, changed: dict[str, str], words: Words) -> str:
    source = item.path if isinstance(item, Checklist) else item.page.path
    last = changed.get(source)
    history = f"{words['last_changed']} {_when(last, words)}" if last else escape(words["no_history"])
    return (f'<p class="t2-freshness" data-search-exclude>{escape(words["reviewed"])} {_when(item.reviewed, words)} · {history}'
            + (f" · {escape(words['version'])} {escape(item.version)}" if getattr(item, "version", None) else "") + "</p>")


def _when(day: dt.date | str, words: Words) -> str:
    """A date for readers, in their language, marked up with its ISO form for machines."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f'<time datetime="{day.isoformat()}">{escape(words.date(day))}</time>'


def stale_items(handbook: Handbook, today: dt.date, after_days: int) -> list:
    """Items whose last review is older than the review period, oldest first."""
    limit = today - dt.timedelta(days=after_days)
    return sorted((i for i in all_items(handbook) if i.reviewed < limit), key=lambda i: i.reviewed)


def whats_new(handbook: Handbook, here: Here) -> str:
    """Checklists and case studies by review date, with their version and change note."""
    items = sorted([*handbook.checklists.values(), *handbook.cases.values()],
                   key=lambda i: (i.reviewed, i.title), reverse=True)
    rows = "".join(
        f"<tr><td>{_when(i.reviewed, handbook.ui)}</td><td><a href=\"{url(here, _item_path(i))}\">{escape(i.title)}</a></td>"
        f"<td>{'Checklist' if isinstance(i, Checklist) else 'Case study'}</td><td>{escape(i.version)}</td>"
        f"<td>{escape(i.changes)}</td></tr>" for i in items)
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Reviewed", "Title", "Kind", "Version", "What changed"))
    return f'<table class="t2-fields"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
