"""Validation rules over the loaded model. Each rule is a small function yielding Problems."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterator

from macros.content import markdown_scan as scan
from macros.content import vocab
from macros.content.macro_calls import MacroCall
from macros.content.loader import load
from macros.content.model import Handbook, Link, Page
from macros.content.source import read_config
from macros.outputs.navigation import expand_nav, nav_files
from macros.content.problems import Problem
from macros.outputs.reader_aids import topic_members
from macros.content.schema import FIELD_TABLES
from macros.paths import DOCS, FIGURES_FILE, GLOSSARY_FILE, REFERENCES_FILE, SCHEME, link_target, printable, published

CHAPTER_SECTIONS = ("in-brief", "further-reading")
STEP_CHAPTER_SECTIONS = ("who-this-chapter-is-for", "what-to-read-next")
CASE_SECTIONS = ("context", "who-took-part", "what-they-did", "what-came-of-it", "disputed", "lessons", "sources")
SAFE_IMAGE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,", re.I)
EXTERNAL = re.compile(r"^(https?:|mailto:)", re.I)

Rule = Callable[[Handbook], Iterator[Problem]]


def validate(root: Path) -> tuple[Handbook, list[Problem]]:
    """Load the repository and run every rule; problems sorted by file and line."""
    handbook, problems = load(root)
    for rule in RULES:
        problems += list(rule(handbook))
    return handbook, sorted(set(problems))


# --- pages -----------------------------------------------------------------------------------


def page_structure(handbook: Handbook) -> Iterator[Problem]:
    for page in handbook.pages.values():
        seen: dict[str, int] = {}
        for heading in page.headings:
            if heading.anchor in seen:
                yield Problem(page.path, heading.line, f"heading id '{heading.anchor}' is already used on line "
                                                       f"{seen[heading.anchor]}: give this heading another id")
            seen.setdefault(heading.anchor, heading.line)


TEMPLATE_SECTIONS = {anchor: f"## {title} {{ #{anchor} }}" for anchor, title in vocab.TEMPLATE_SECTIONS.items()}


def template_structure(handbook: Handbook) -> Iterator[Problem]:
    """A template has its blank form, how to use it and a filled-in example, in that order; the example is
    filled in, so it has no space left blank."""
    for page in handbook.pages.values():
        kind = printable(page.path)
        if not kind or kind.kind != "template":
            continue
        found = [h.anchor for h in page.headings if h.level == 2 and h.anchor in TEMPLATE_SECTIONS]
        for anchor, heading in TEMPLATE_SECTIONS.items():
            if anchor not in found:
                yield Problem(page.path, page.body_line, f"a template needs the section '{heading}'")
        if found == list(TEMPLATE_SECTIONS):
            example = page.anchor(vocab.TEMPLATE_EXAMPLE).line
            for call in page.calls:
                if call.name == "blank" and call.line > example:
                    yield Problem(page.path, call.line, "the example is filled in: write the answer instead of blank()")
        elif set(found) == set(TEMPLATE_SECTIONS):
            yield Problem(page.path, page.anchor(found[0]).line,
                          "a template's sections go in this order: the template, how to use it, the example")


def chapter_structure(handbook: Handbook) -> Iterator[Problem]:
    for chapter in handbook.chapters.values():
        page = chapter.page
        for heading in page.headings:
            if heading.level == 1:
                yield Problem(page.path, heading.line, "chapters take their title from front matter: "
                                                       "remove the '# ' heading or make it '## '")
            elif not heading.explicit and heading.level <= 3:
                yield Problem(page.path, heading.line, f"heading has no stable id: write "
                                                       f"'{'#' * heading.level} {heading.title} {{ #{heading.anchor} }}'")
        required = CHAPTER_SECTIONS + (STEP_CHAPTER_SECTIONS if chapter.step else ())
        anchors = [h.anchor for h in page.headings if h.level == 2]
        for anchor in required:
            if anchor not in anchors:
                yield Problem(page.path, page.body_line, f"chapter has no section with id '{anchor}': "
                                                         f"add '## {anchor.replace('-', ' ').capitalize()} {{ #{anchor} }}'")
        if anchors and anchors[0] != "in-brief" and "in-brief" in anchors:
            yield Problem(page.path, page.anchor("in-brief").line, "'In brief' must be the chapter's first section")
        if anchors and anchors[-1] != "further-reading" and "further-reading" in anchors:
            yield Problem(page.path, page.anchor("further-reading").line,
                          "'Further reading' must be the chapter's last section")


def case_structure(handbook: Handbook) -> Iterator[Problem]:
    for case in handbook.cases.values():
        anchors = [h.anchor for h in case.page.headings if h.level == 2]
        missing = [a for a in CASE_SECTIONS if a not in anchors]
        if missing:
            yield Problem(case.page.path, case.page.body_line,
                          f"case study lacks section(s) {', '.join(missing)}: every case has, in order, "
                          + ", ".join(f"'{{ #{a} }}'" for a in CASE_SECTIONS))
        for key in case.sources:
            if key not in handbook.references:
                yield Problem(case.page.path, case.page.body_line, f"source '{key}' is not in "
                                                                   "docs/_data/references.yml: add it there first")
        for event in case.events:
            if event.source not in handbook.references:
                yield Problem(case.page.path, event.line, f"event source '{event.source}' is not in "
                                                          "docs/_data/references.yml: add it there first")
            elif event.source not in case.sources:
                yield Problem(case.page.path, event.line, f"event source '{event.source}' is not among the case's "
                                                          "sources: add it to 'sources' (and cite it under "
                                                          "Sources) or cite one that is")


def figures(handbook: Handbook) -> Iterator[Problem]:
    """Every figure is shown somewhere, and the works it draws on are in the references."""
    used = {call.args[0] for page in handbook.pages.values() for call in page.calls if call.name == "figure"}
    for figure in handbook.figures.values():
        if figure.id not in used:
            yield Problem(FIGURES_FILE, figure.line, f"figure '{figure.id}' is not shown on any page: add "
                                                     f"{{{{ figure(\"{figure.id}\") }}}} where a chapter explains it, "
                                                     "or remove it")
        for key in figure.sources:
            if key not in handbook.references:
                yield Problem(FIGURES_FILE, figure.line, f"figure '{figure.id}' cites '{key}', which is not in "
                                                         "docs/_data/references.yml: add it there first")


PLACEHOLDER = re.compile(r"lorem ipsum|\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX\b|coming soon|placeholder text|"
                         r"\[(?:citation needed|insert|add) [^\]]*\]", re.I)


def placeholders(handbook: Handbook) -> Iterator[Problem]:
    """Unfinished text must not reach readers."""
    sources = [(p.path, p.body, p.body_line) for p in handbook.pages.values()]
    sources += [(c.path, f"{i.text} {i.note}", i.line) for c in handbook.checklists.values() for i in c.items]
    for path, text, first_line in sources:
        for number, line in scan.code_free_lines(text, first_line):
            match = PLACEHOLDER.search(line)
            if match:
                yield Problem(path, number, f"placeholder text '{match.group(0)}': finish the text or remove it")


# scripts/new.py starts every instruction it writes into a new file with this mark.
TEMPLATE_MARK = "Replace this:"


def template_text(handbook: Handbook) -> Iterator[Problem]:
    """A new file's instructions (front matter included) must all be replaced before publishing."""
    for path, text in sorted(handbook.texts.items()):
        for number, line in enumerate(text.split("\n"), start=1):
            start = line.find(TEMPLATE_MARK)
            if start >= 0 and not line[:start].endswith("`"):  # `Replace this:` in code is about the mark
                # In front matter the instruction is a quoted value followed by a comment.
                instruction = re.split(r'"|\s#\s', line[start + len(TEMPLATE_MARK):])[0].strip()
                yield Problem(path, number, f"template instruction not replaced yet ('{shorten(instruction)}'): "
                                            "write your own text in its place", draft=True)


def shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " ..."


def raw_html(handbook: Handbook) -> Iterator[Problem]:
    for page in handbook.pages.values():
        for line, message in scan.html_problems(page.body, page.body_line):
            yield Problem(page.path, line, message)
    for checklist in handbook.checklists.values():
        for item in checklist.items:
            for line, message in scan.html_problems(f"{item.text} {item.note}", item.line):
                yield Problem(checklist.path, line, message)


MAX_NESTING = 12  # lists and quotes deeper than this help no reader, and exhaust the PDF renderer's stack


def nesting(handbook: Handbook) -> Iterator[Problem]:
    for path, text in handbook.texts.items():
        lines = text.split("\n")
        for number, _ in scan.code_free_lines(text, 1):  # measured on the line as written, outside fences
            depth = scan.nesting_depth(lines[number - 1])
            if depth > MAX_NESTING:
                yield Problem(path, number, f"lists or quotes are nested {depth} levels deep; "
                                            f"the limit is {MAX_NESTING}: flatten them into headings or paragraphs")
                break


def macro_usage(handbook: Handbook) -> Iterator[Problem]:
    for page in handbook.pages.values():
        if page.macros:
            for line in scan.jinja_comment_openers(page.body, page.body_line):
                yield Problem(page.path, line, "'{#' starts a Jinja comment on macro pages: write heading ids "
                                               "as '{ #id }' with a space")
            for line, message in page.call_problems:
                yield Problem(page.path, line, message)
            for call in page.calls:
                for message in check_call(call, handbook, page):
                    yield Problem(page.path, call.line, message)
        elif "{{" in page.body or "{%" in page.body:
            line = page.body_line + page.body[:page.body.find("{{" if "{{" in page.body else "{%")].count("\n")
            yield Problem(page.path, line, "page uses macro syntax but macros are off: add 'render_macros: true' "
                                           "to its front matter (or remove the braces)")


def check_call(call: MacroCall, handbook: Handbook, page: Page) -> Iterator[str]:
    """Messages for a macro call whose arguments name something the model does not hold."""
    first = call.args[0] if call.args else None
    if first and first.partition("#")[0] in handbook.unloaded:
        return
    if call.name == "term" and first not in handbook.glossary:
        yield f"unknown glossary term '{first}': add it to docs/_data/glossary.yml or use one of its ids"
    elif call.name == "cite":
        for key in call.args:
            if key not in handbook.references:
                yield f"unknown reference '{key}': add it to docs/_data/references.yml first"
    elif call.name == "xref":
        yield from _check_xref(first, handbook)
    elif call.name == "case" and first not in handbook.cases:
        yield f"unknown case study '{first}': known cases are {', '.join(sorted(handbook.cases)) or 'none yet'}"
    elif call.name == "field_reference" and first not in FIELD_TABLES:
        yield f"unknown content type '{first}': use one of {', '.join(FIELD_TABLES)}"
    elif call.name == "figure" and first not in handbook.figures:
        yield (f"unknown figure '{first}': add it to {FIGURES_FILE} or use one of "
               f"{', '.join(sorted(handbook.figures)) or 'none yet'}")
    elif call.name == "blank" and vocab.blank_lines(call.kwargs.get("lines", "3")) is None:
        yield f"blank() lines must be a whole number from 1 to {vocab.BLANK_LINES[-1]}: write lines=\"4\""
    elif call.name in ("checklist", "checklist_link") and first not in handbook.checklists:
        yield (f"unknown checklist '{first}': known checklists are "
               f"{', '.join(sorted(handbook.checklists)) or 'none yet'}")


def _check_xref(target: str, handbook: Handbook) -> Iterator[str]:
    chapter_id, _, anchor = target.partition("#")
    chapter = handbook.chapters.get(chapter_id)
    if chapter is None:
        yield f"xref to unknown chapter '{chapter_id}': known chapters are {', '.join(sorted(handbook.chapters))}"
    elif anchor and chapter.page.anchor(anchor) is None:
        yield (f"xref to '{target}': chapter '{chapter_id}' has no section '{anchor}'; its sections are "
               f"{', '.join(h.anchor for h in chapter.page.headings)}")


# --- links -----------------------------------------------------------------------------------


def generated_anchors(page: Page, handbook: Handbook) -> set[str]:
    """Anchors that macros add to a page (glossary and reference ids, checklist items)."""
    anchors: set[str] = set()
    if not page.macros:
        return anchors
    for call in page.calls:
        if call.name == "glossary_list":
            anchors |= set(handbook.glossary)
        elif call.name == "reference_list":
            anchors |= set(handbook.references)
        elif call.name == "topic_index":
            anchors |= {topic.anchor for topic in topic_members(handbook)}
        elif call.name == "checklist" and call.args[0] in handbook.checklists:
            checklist = handbook.checklists[call.args[0]]
            anchors |= {s.id for s in checklist.sections} | {i.id for i in checklist.items}
    return anchors


def check_link(source: str, link: Link, handbook: Handbook) -> str | None:
    """Why a link or image from this repository file is broken or unsafe, or None."""
    target = link.target.strip()
    scheme = SCHEME.match(target)
    if link.image:
        if SAFE_IMAGE_DATA.match(target):
            return None
        if scheme or target.startswith("//"):
            return (f"image '{target}' would be fetched from outside the site: save the image under "
                    "docs/assets/ and link it with a relative path")
    elif EXTERNAL.match(target):
        return None
    elif scheme or target.startswith("//"):
        return f"link '{target}' uses a scheme that is not allowed: use https:, mailto: or a relative link"
    path, _, anchor = target.partition("#")
    if path.startswith("/"):
        return f"link '{target}' is absolute: link the Markdown file with a relative path, like ../handbook/introduction.md"
    if not path:
        page = handbook.pages.get(source)
        if page and anchor and not page.anchor(anchor) and anchor not in generated_anchors(page, handbook):
            return f"link '#{anchor}' points to no heading on this page"
        return None
    resolved, _ = link_target(source, target)
    if not resolved.startswith(f"{DOCS}/"):
        return f"link '{target}' leads outside docs/: content may only link files inside docs/"
    if path.endswith(".md"):
        page = handbook.pages.get(resolved)
        if page is None:
            return f"link '{target}' points to a page that does not exist ({resolved})"
        if anchor and not page.anchor(anchor) and anchor not in generated_anchors(page, handbook):
            ids = ", ".join(h.anchor for h in page.headings) or "none"
            return f"link '{target}': {resolved} has no heading with id '{anchor}' (its ids: {ids})"
        return None
    if not (Path(handbook.root) / resolved).exists():
        return f"link '{target}' points to a file that does not exist ({resolved})"
    return None


def links(handbook: Handbook) -> Iterator[Problem]:
    for page in handbook.pages.values():
        for link in page.links:
            message = check_link(page.path, link, handbook)
            if message:
                yield Problem(page.path, link.line, message)


# --- checklists ------------------------------------------------------------------------------


def checklist_items(handbook: Handbook) -> Iterator[Problem]:
    owners: dict[str, str] = {}
    for checklist in handbook.checklists.values():
        section_ids: set[str] = set()
        for section in checklist.sections:
            if section.id in section_ids:
                yield Problem(checklist.path, section.line, f"section id '{section.id}' is used twice in this checklist")
            section_ids.add(section.id)
        for item in checklist.items:
            where = f"{checklist.path}:{item.line}"
            if item.id in owners:
                yield Problem(checklist.path, item.line, f"item id '{item.id}' is already used at {owners[item.id]}; "
                                                         "item ids must be unique across all checklists")
            owners.setdefault(item.id, where)
            if item.link is None:
                yield Problem(checklist.path, item.line, f"item '{item.id}' has no link to the handbook section that "
                                                         "explains it: end its note with "
                                                         "[Section](../docs/handbook/<chapter>.md#<section-id>)")
                continue
            message = check_link(checklist.path, item.link, handbook)
            if message:
                yield Problem(checklist.path, item.line, message)


def checklist_pages(handbook: Handbook) -> Iterator[Problem]:
    """Each checklist is shown on docs/checklists/<id>.md, and that page shows no other checklist."""
    for checklist in handbook.checklists.values():
        if f"{DOCS}/checklists/{checklist.id}.md" not in handbook.pages:
            yield Problem(checklist.path, 1, f"checklist has no page: create docs/checklists/{checklist.id}.md "
                                             f"containing {{{{ checklist(\"{checklist.id}\") }}}} "
                                             "with 'render_macros: true' in its front matter")
    for page in handbook.pages.values():
        if not page.macros:
            continue
        for call in page.calls:
            expected = f"{DOCS}/checklists/{call.args[0]}.md" if call.name == "checklist" else None
            if expected and call.args[0] in handbook.checklists and page.path != expected:
                yield Problem(page.path, call.line, f"checklist '{call.args[0]}' belongs on {expected} so its "
                                                    f"address stays stable; link to it with checklist_link()")


# --- navigation ------------------------------------------------------------------------------


def navigation(handbook: Handbook) -> Iterator[Problem]:
    """Every page is reachable from the navigation, and the navigation names only real pages."""
    config_path = Path(handbook.root) / "mkdocs.yml"
    if not config_path.exists():
        return
    nav = read_config(Path(handbook.root)).get("nav")
    listed = [f"{DOCS}/{f}" for f in nav_files(expand_nav(nav, handbook))]
    for path in listed:
        if path not in handbook.pages and Path(path).stem not in handbook.unloaded:
            yield Problem("mkdocs.yml", 1, f"nav lists {path.removeprefix(DOCS + '/')}, which does not exist")
    for page in handbook.pages.values():
        if not published(page.path):
            yield Problem(page.path, 1, "MkDocs never publishes files under docs/templates/ or named with a "
                                        "leading '.': move the page (templates live in docs/template/)")
        elif page.path not in listed:
            yield Problem(page.path, 1, "page is not in the site navigation: add it under 'nav:' in mkdocs.yml")


# --- glossary and references -------------------------------------------------------------------

MACRO_TEXT = re.compile(r"\{\{.*?\}\}", re.S)
LINK_OR_EMPHASIS = re.compile(r"\[[^\]]*\]\([^)]*\)|\*[^*\n]+\*")


def glossary_first_use(handbook: Handbook) -> Iterator[Problem]:
    """A chapter links a glossary term where readers first meet it, so its definition is one hover away."""
    patterns = {t.id: re.compile(rf"(?<![\w-]){re.escape(t.term)}(?![\w-])", re.I) for t in handbook.glossary.values()}
    for chapter in handbook.chapters.values():
        page = chapter.page
        first_link: dict[str, int] = {}
        for call in page.calls:
            if call.name == "term":
                first_link.setdefault(call.args[0], call.line)
        # Mentions in headings, links, titles of works and bold labels do not count as first use.
        prose = "\n".join("" if line.lstrip().startswith("#") else LINK_OR_EMPHASIS.sub(" ", MACRO_TEXT.sub(" ", line))
                          for line in page.body.split("\n"))
        for term in handbook.glossary.values():
            found = patterns[term.id].search(prose)
            if not found:
                continue
            mention = page.body_line + prose.count("\n", 0, found.start())
            if term.id not in first_link:
                yield Problem(page.path, mention, f"'{term.term}' is a glossary term: link its first mention "
                                                  f'with {{{{ term("{term.id}") }}}}')
            elif mention < first_link[term.id]:
                yield Problem(page.path, mention, f"'{term.term}' is first mentioned here but linked with "
                                                  f"term() only on line {first_link[term.id]}: move the link here")


def references_cited(handbook: Handbook) -> Iterator[Problem]:
    """Every listed reference supports something in the text; a list of unread books helps nobody."""
    cited = {key for page in handbook.pages.values() for call in page.calls if call.name == "cite"
             for key in call.args}
    cited |= {key for case in handbook.cases.values() for key in case.sources}
    for ref in handbook.references.values():
        if ref.key not in cited:
            yield Problem(REFERENCES_FILE, ref.line, f"reference '{ref.key}' is never cited: cite it with "
                                                     f'{{{{ cite("{ref.key}") }}}} where it supports the text, or remove it')


# --- glossary --------------------------------------------------------------------------------


def glossary_links(handbook: Handbook) -> Iterator[Problem]:
    for term in handbook.glossary.values():
        for other in term.see:
            if other not in handbook.glossary:
                yield Problem(GLOSSARY_FILE, term.line, f"term '{term.id}' refers to unknown term '{other}' in 'see'")


RULES: tuple[Rule, ...] = (page_structure, chapter_structure, template_structure, case_structure, figures,
                           placeholders, template_text, raw_html, nesting, macro_usage, links, checklist_items,
                           checklist_pages, navigation, glossary_links, glossary_first_use, references_cited)
