"""Load the repository's content into the model, collecting every problem on the way."""

from __future__ import annotations

import re
from pathlib import Path

from macros.content import markdown_scan as scan
from macros.content import macro_calls
from macros.content import schema
from macros.content import vocab
from macros.content.languages import plural_forms
from macros.content.model import (CaseStudy, Chapter, Checklist, ChecklistItem, ChecklistSection, EventDate, Figure,
                                  GlossaryTerm, Handbook, Link, Page, Reference, TimelineEvent)
from macros.content.problems import Problem
from macros.content.source import LineDict, LineList, SourceFile, load_yaml, read_source, read_text, rel
from macros.paths import (CASES_DIR, CHECKLISTS_DIR, DOCS, FIGURES_FILE, GLOSSARY_FILE, HANDBOOK_DIR, REFERENCES_FILE,
                          SYNONYMS_FILE, UI_FILE, is_translation)


ITEM = re.compile(r"^- \[([ !])\] `([^`]+)`\s+(.+?)\s*$")  # '[!]' marks a must-do item
LOOSE_ITEM = re.compile(r"^[-*+]\s")


def load(root: Path) -> tuple[Handbook, list[Problem]]:
    root = root.resolve()
    handbook = Handbook(root=str(root))
    problems: list[Problem] = []
    for path in sorted((root / DOCS).rglob("*.md")):
        if not is_translation(rel(path, root)):  # translations: content/translations.py
            problems += _load_page(path, root, handbook)
    for path in sorted((root / CHECKLISTS_DIR).glob("*.md")):
        problems += _load_checklist(path, root, handbook)
    problems += _load_glossary(root, handbook)
    problems += _load_references(root, handbook)
    problems += _load_synonyms(root, handbook)
    problems += _load_figures(root, handbook)
    problems += _load_ui(root, handbook)
    problems += _symlinks(root)
    return handbook, sorted(set(problems))


def _symlinks(root: Path) -> list[Problem]:
    found = []
    for top in (DOCS, CHECKLISTS_DIR):
        for path in sorted((root / top).rglob("*")):
            if path.is_symlink() and path.suffix not in (".md",):
                found.append(Problem(rel(path, root), 1, f"is a symbolic link (to {path.readlink()}); "
                                                         "content must be regular files inside the repository"))
    return found


def make_page(source: SourceFile) -> Page:
    heads = scan.headings(source.body, source.body_line)
    first_h1 = next((h.title for h in heads if h.level == 1), None)
    title = str(source.meta.get("title") or first_h1 or "")
    page = Page(source.path, title, dict(source.meta), source.body, source.body_line,
                heads, scan.links(source.body, source.body_line), macro_calls.opted_in(source.meta))
    if page.macros:
        page.parts, page.call_problems = macro_calls.parse(source.body, source.body_line)
    return page


def _check_id_matches_file(name: str, meta: LineDict, values: dict) -> list[Problem]:
    stem = Path(name).stem
    if "id" in values and values["id"] != stem:
        return [Problem(name, meta.line_of("id"), f"id '{values['id']}' does not match the file name '{stem}.md': "
                                                  f"rename the file to '{values['id']}.md' or set 'id: {stem}'")]
    return []


def _load_page(path: Path, root: Path, handbook: Handbook) -> list[Problem]:
    name = rel(path, root)
    is_chapter = name.startswith(HANDBOOK_DIR + "/") and path.name != "index.md"
    is_case = name.startswith(CASES_DIR + "/") and path.name != "index.md"
    source, problems = read_source(path, root, front_matter_required=is_chapter or is_case)
    if source is None:
        handbook.unloaded.add(path.stem)
        return problems
    handbook.texts[name] = source.text
    page = make_page(source)
    handbook.pages[name] = page
    fields = schema.CHAPTER_FIELDS if is_chapter else schema.CASE_FIELDS if is_case else schema.PAGE_FIELDS
    what = "chapter" if is_chapter else "case study" if is_case else "page front matter"
    values, problems = schema.check_fields(source.meta, fields, name, what)
    problems += _check_id_matches_file(name, source.meta, values)
    if is_case and "events" in values:
        values["events"], event_problems = timeline_events(name, source.meta["events"], source.meta.line_of("events"),
                                                           values.get("years"))
        problems += event_problems
    if problems:
        handbook.unloaded.add(Path(name).stem)
        return problems
    common = {k.replace("-", "_"): v for k, v in values.items() if k != "render_macros"}
    if is_chapter:
        handbook.chapters[values["id"]] = Chapter(page=page, **common)
    elif is_case:
        handbook.cases[values["id"]] = CaseStudy(page=page, **common)
    return []


def timeline_events(name: str, entries: LineList, line: int, years: tuple[int, int] | None
                    ) -> tuple[list[TimelineEvent], list[Problem]]:
    """A case's events, each checked against the event fields, in date order and within the case's years."""
    events: list[TimelineEvent] = []
    problems: list[Problem] = []
    low, high = schema.EVENTS_PER_CASE
    if not low <= len(entries) <= high:
        problems.append(Problem(name, line, f"the timeline has {len(entries)} events: give {low} to {high}, "
                                            "the ones a reader needs to follow the effort"))
    previous = None  # the last valid date, so an order problem is found even beside other problems
    for entry in entries:
        values, entry_problems = schema.check_fields(entry, schema.EVENT_FIELDS, name, "timeline event")
        problems += entry_problems
        date = values.get("date")
        if date:
            problems += _event_date_problems(name, entry.line_of("date"), date, previous, years)
            previous = date
        if not entry_problems:
            events.append(TimelineEvent(line=entry.line, **values))
    return events, problems


def _event_date_problems(name: str, line: int, date: EventDate, previous: EventDate | None,
                         years: tuple[int, int] | None) -> list[Problem]:
    problems = []
    if years and not years[0] <= date.year <= years[1]:
        problems.append(Problem(name, line, f"event dated {date.iso()} lies outside the case's years "
                                            f"{years[0]}-{years[1]}: correct the date, or widen 'years' if the "
                                            "effort really ran that long"))
    if previous and date.before(previous):
        problems.append(Problem(name, line, f"event dated {date.iso()} comes after one dated {previous.iso()}: "
                                            "list events in date order"))
    return problems


def _load_checklist(path: Path, root: Path, handbook: Handbook) -> list[Problem]:
    name = rel(path, root)
    source, problems = read_source(path, root, front_matter_required=True)
    if source is None:
        handbook.unloaded.add(path.stem)
        return problems
    handbook.texts[name] = source.text
    values, problems = schema.check_fields(source.meta, schema.CHECKLIST_FIELDS, name, "checklist")
    problems += _check_id_matches_file(name, source.meta, values)
    intro, sections, body_problems = parse_checklist_body(name, source.body, source.body_line)
    if problems:
        handbook.unloaded.add(Path(name).stem)
        return problems + body_problems
    # Body problems are reported, but the items that did parse still go through the item rules.
    fields = {k.replace("-", "_"): v for k, v in values.items()}
    handbook.checklists[values["id"]] = Checklist(intro=intro, sections=sections, path=name, **fields)
    return body_problems


def parse_checklist_body(name: str, body: str, first_line: int) -> tuple[str, list[ChecklistSection], list[Problem]]:
    """Split a checklist body into its intro and sections of items with notes."""
    problems: list[Problem] = []
    intro_lines: list[str] = []
    sections: list[ChecklistSection] = []
    item_lines: list[str] | None = None  # note lines of the item being read
    for number, line in enumerate(body.split("\n"), start=first_line):
        heading = scan.HEADING.match(line)
        if heading:
            item_lines = None
            if len(heading.group(1)) != 2:
                problems.append(Problem(name, number, "checklist sections are level-2 headings: write '## Title { #id }'"))
                continue
            attr = scan.ATTR_ID.search(heading.group(2))
            if not attr:
                problems.append(Problem(name, number, f"section '{heading.group(2)}' has no id: "
                                                      f"write '## {heading.group(2)} {{ #{scan.slug(heading.group(2))} }}'"))
                continue
            title = heading.group(2)[:attr.start()].strip()
            sections.append(ChecklistSection(attr.group(1), scan.strip_inline(title), "", [], number))
            continue
        if not sections:
            intro_lines.append(line)
            continue
        section = sections[-1]
        item = ITEM.match(line)
        if item:
            box, item_id, text = item.groups()
            if not schema.SLUG.match(item_id):
                problems.append(Problem(name, number, f"item id '{item_id}' must be lowercase words joined by hyphens"))
            item_lines = []
            section.items.append(ChecklistItem(item_id, text, "", None, number, must=box == "!"))
            continue
        if LOOSE_ITEM.match(line):
            problems.append(Problem(name, number, "item without an id: write '- [ ] `xx-short-id` Item text' "
                                                  "(a checkbox, then a unique id in backticks; '- [!]' for an "
                                                  "item that must be done)"))
            item_lines = None
            continue
        if item_lines is not None and (line.startswith("  ") or not line.strip()):
            if line.strip():
                current = section.items[-1]
                current.note = (current.note + " " + line.strip()).strip()
            continue
        if section.items and line.strip():
            problems.append(Problem(name, number, "text after an item must be indented by two spaces to belong "
                                                  "to it (or start a new item with '- [ ] `id`')"))
        elif line.strip():
            section.intro = (section.intro + "\n" + line).strip()
    for section in sections:
        if not section.items:
            problems.append(Problem(name, section.line, f"section '{section.title}' has no items: add items "
                                                        "'- [ ] `xx-id` Text' or remove the section"))
        for item in section.items:
            # The note's last inline link explains the item; it is shown separately, not inside the note.
            last = ([m for m in scan.INLINE_LINK.finditer(item.note) if not m.group(1)] or [None])[-1]
            if last:
                item.link = Link(last.group(2), last.group(3), item.line)
                item.note = (item.note[:last.start()] + item.note[last.end():]).strip()
    if not sections:
        problems.append(Problem(name, first_line, "checklist has no sections: add '## Section title { #id }' "
                                                  "followed by items"))
    return "\n".join(intro_lines).strip(), sections, problems


def _load_entries(root: Path, file: str, fields, key: str, what: str):
    """Load a YAML list of mappings; yield (entry, clean values) for valid entries."""
    path = root / file
    if not path.exists():
        return [], [Problem(file, 1, f"is missing: create it as a YAML list of {what} entries")]
    text, problems = read_text(path, root)
    if text is None:
        return [], problems
    data, problems = load_yaml(file, text, first_line=1)
    if problems:
        return [], problems
    if data is None:
        return [], []
    if not isinstance(data, LineList):
        return [], [Problem(file, 1, f"must be a YAML list of {what} entries, each starting with '- {key}: ...'")]
    entries = []
    for entry, line in zip(data, data.lines):
        if not isinstance(entry, LineDict):
            problems.append(Problem(file, line, f"each {what} entry must be fields, starting with '- {key}: ...'"))
            continue
        values, entry_problems = schema.check_fields(entry, fields, file, f"{what} entry")
        problems += entry_problems
        if not entry_problems:
            entries.append((entry, values))
    return entries, problems


def _duplicate(file: str, entry: LineDict, key: str, table: dict, what: str, remedy: str) -> Problem | None:
    """The problem of an entry whose id (or key) an earlier entry already has, or None."""
    if key not in table:
        return None
    return Problem(file, entry.line, f"duplicate {what} '{key}' (first defined on line {table[key].line}): {remedy}")


def _load_glossary(root: Path, handbook: Handbook) -> list[Problem]:
    entries, problems = _load_entries(root, GLOSSARY_FILE, schema.GLOSSARY_FIELDS, "id", "glossary")
    for entry, values in entries:
        duplicate = _duplicate(GLOSSARY_FILE, entry, values["id"], handbook.glossary, "glossary id", "merge the two")
        if duplicate:
            problems.append(duplicate)
            continue
        handbook.glossary[values["id"]] = GlossaryTerm(line=entry.line, **values)
    return problems


def _load_references(root: Path, handbook: Handbook) -> list[Problem]:
    entries, problems = _load_entries(root, REFERENCES_FILE, schema.REFERENCE_FIELDS, "key", "reference")
    for entry, values in entries:
        duplicate = _duplicate(REFERENCES_FILE, entry, values["key"], handbook.references, "reference key",
                               "add a or b to one")
        if duplicate:
            problems.append(duplicate)
            continue
        missing = [f for f in schema.REFERENCE_REQUIRES[values["type"]] if f not in values]
        if missing:
            problems.append(Problem(REFERENCES_FILE, entry.line, f"a {values['type']} reference needs "
                                                                 f"{' and '.join(missing)} so readers can find it"))
            continue
        handbook.references[values["key"]] = Reference(line=entry.line, **values)
    return problems


def _load_figures(root: Path, handbook: Handbook) -> list[Problem]:
    """Concept diagrams: optional file; each entry's fields and the shape its kind needs."""
    if not (root / FIGURES_FILE).exists():
        return []
    entries, problems = _load_entries(root, FIGURES_FILE, schema.FIGURE_FIELDS, "id", "figure")
    for entry, values in entries:
        shape_problem = figure_shape_problem(values)
        problem = _duplicate(FIGURES_FILE, entry, values["id"], handbook.figures, "figure id", "rename one") or (
            Problem(FIGURES_FILE, entry.line, f"figure '{values['id']}' {shape_problem}") if shape_problem else None)
        if problem:
            problems.append(problem)
            continue
        handbook.figures[values["id"]] = Figure(line=entry.line, **values)
    return problems


def figure_shape_problem(values: dict) -> str | None:
    """What a figure lacks for its kind: the number of items and the fields the drawing needs."""
    low, high, needs = schema.FIGURE_SHAPES[values["kind"]]
    count = len(values["items"])
    if not low <= count <= high:
        wanted = f"exactly {low}" if low == high else f"{low} to {high}"
        return f"is a {values['kind']} with {count} items: a {values['kind']} takes {wanted}"
    missing = [field for field in schema.FIGURE_FIELDS if field.name in needs and field.name not in values]
    if missing:
        return (f"is a {values['kind']}, which needs {' and '.join(f.name for f in missing)}: add "
                + " and ".join(f"'{f.name}: {f.example}'" for f in missing))
    if values["kind"] == "matrix" and (len(values["rows"]) != 2 or len(values["columns"]) != 2):
        return "is a matrix: give exactly two rows and two columns"
    return None


def _load_synonyms(root: Path, handbook: Handbook) -> list[Problem]:
    """Optional: groups of two or more lowercase words or phrases."""
    path = root / SYNONYMS_FILE
    if not path.exists():
        return []
    text, problems = read_text(path, root)
    if text is None:
        return problems
    data, problems = load_yaml(SYNONYMS_FILE, text, first_line=1)
    if problems or data is None:
        return problems
    if not isinstance(data, LineList):
        return [Problem(SYNONYMS_FILE, 1, "must be a YAML list of groups, like '- [back channel, backchannel]'")]
    for group, line in zip(data, data.lines):
        if (not isinstance(group, list) or len(group) < 2
                or not all(isinstance(w, str) and w.strip() and w == w.lower() for w in group)):
            problems.append(Problem(SYNONYMS_FILE, line, "each group is a list of two or more lowercase words, "
                                                         "like [back channel, backchannel]"))
            continue
        handbook.synonyms.append([w.strip() for w in group])
    return problems


def ui_words(file: str, data, line: int) -> tuple[dict[str, tuple[str, int]], list[Problem]]:
    """The site's own words: 'key: text' lines, or groups of them ('nav:' then indented 'Title: text'),
    as {key or 'group:key': (text, line)}."""
    if not isinstance(data, LineDict):
        return {}, [Problem(file, line, "write the site's words as 'key: text', one per line")]
    words, problems = {}, []
    for key, value in data.items():
        pairs = [(f"{key}:{k}", v, value.line_of(k)) for k, v in value.items()] if isinstance(value, LineDict) \
            else [(str(key), value, data.line_of(key))]
        for name, text, text_line in pairs:
            # The theme writes some of these words into pages unescaped (the site name): plain text only.
            # Trim ASCII spaces only: French writes a no-break space before ':' (colon: "\u00a0:"), which
            # str.strip() would remove.
            text = text.strip(ASCII_SPACE) if isinstance(text, str) else text
            problem = "must be text" if not isinstance(text, str) or not text.strip() else schema.plain_text_problem(text)
            if problem:
                problems.append(Problem(file, text_line, f"'{name}' {problem}, written '{name.split(':')[-1]}: ...'"))
            else:
                words[name] = (text, text_line)
    return words, problems


def _load_ui(root: Path, handbook: Handbook) -> list[Problem]:
    """The site's own words in English (labels, notices, navigation titles): what translations translate."""
    if not (root / UI_FILE).exists():
        return [Problem(UI_FILE, 1, "is missing: create it with the site's words ('key: text', one per line), "
                                    "as in the handbook's own repository")]
    text, problems = read_text(root / UI_FILE, root)
    if text is None:
        return problems
    data, problems = load_yaml(UI_FILE, text, first_line=1)
    if problems:
        return problems
    words, problems = ui_words(UI_FILE, data, 1)
    handbook.ui.update({f"{group}:{key}": label for group, table in vocab.SHOWN.items() for key, label in table.items()})
    handbook.ui.update({key: text for key, (text, _) in words.items()})
    return problems + counted_phrase_problems(UI_FILE, words, handbook.ui, "en")


ASCII_SPACE = " \t\r\n"
PLACEHOLDER = re.compile(r"%[a-z]+")  # what a script or the build fills in: %count, %file, %name, %step


def counted_phrase(key: str, english: dict[str, str], language: str) -> str | None:
    """The phrase `key` is a form of ('items' for items_few), if it is one: English words that end in
    _other are counted phrases, and each language has its own forms (languages.plural_forms)."""
    base, _, category = key.rpartition("_")
    return base if base and category in plural_forms(language) and f"{base}_other" in english else None


def counted_phrase_problems(file: str, words: dict[str, tuple[str, int]], english: dict[str, str],
                            language: str) -> list[Problem]:
    """A counted phrase that is written at all has every form its language needs for counts up to
    1,000, and each word keeps the placeholders of the English it stands for."""
    problems, forms = [], plural_forms(language)
    bases = {counted_phrase(key, english, language) for key in words} - {None}
    for base in sorted(bases):
        line = min(words[f"{base}_{category}"][1] for category in forms if f"{base}_{category}" in words)
        for category, example in forms.items():
            if f"{base}_{category}" not in words:
                problems.append(Problem(file, line, f"'{base}' has no '{category}' form, which counts like "
                                                    f"{example} take in this language: add '{base}_{category}: ...'"))
    for key, (text, line) in words.items():
        source = english.get(key) or english.get(f"{counted_phrase(key, english, language)}_other", "")
        if set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source)):
            wanted = " ".join(sorted(set(PLACEHOLDER.findall(source)))) or "none"
            problems.append(Problem(file, line, f"'{key}' must keep the placeholders of the English "
                                                f"({wanted}): the page fills them in"))
    return problems
