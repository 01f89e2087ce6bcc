"""The handbook in another language: the English model with each translated file put in place of its
source, parsed by the same loader, keyed exactly as in English.

A translation lives beside the English tree, one folder down (docs/fr/handbook/x.md translates
docs/handbook/x.md; checklists/fr/x.md translates checklists/x.md), and keeps everything that is not
words for readers: the same front matter apart from the fields in schema.TRANSLATABLE, the same
heading ids, macro calls (name and id), link targets and checklist item ids, in the same order. So
ids, saved ticks, PDF field names and data keys are the same in every language, and every link and
rule checked on the English text holds for the translation. What is not translated stays English,
and the site says so in the reader's language.

Each translation records the hash of the English file it came from (`translation: source:`); when the
English file changes, the translation is listed as stale by `make check` and its page says so.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

from macros.content import schema
from macros.content.loader import counted_phrase, counted_phrase_problems, make_page, parse_checklist_body, ui_words
from macros.content.macro_calls import shared_part
from macros.content.model import Checklist, Handbook, Page, Translation, Words
from macros.content.problems import Problem
from macros.content.source import LineDict, LineList, load_yaml, plain, read_source, read_text
from macros.paths import FIGURES_FILE, GLOSSARY_FILE, UI_FILE, translation_file

ENTRIES = "entries"  # a translated data file: `translation:` and the translated `entries:`


def source_hash(root: Path, english_file: str) -> str:
    """The version of an English source file a translation records: the start of its SHA-256."""
    return hashlib.sha256((root / english_file).read_bytes()).hexdigest()[:12]


SOURCE_LINE = re.compile(r"^(  source:).*$", re.M)
BLOCK_LINE = re.compile(r"^translation:[ \t]*$", re.M)


def stamped(text: str, version: str) -> str | None:
    """The text of a translated file recording that it translates this version of its English file
    (in its `translation:` block); None if it has no such block."""
    block = BLOCK_LINE.search(text)
    if block is None:
        return None
    rest = text[block.end():]
    end = next((m.start() for m in re.finditer(r"^\S", rest, re.M)), len(rest))  # the block's indented lines
    fields = rest[:end]
    fields = SOURCE_LINE.sub(rf"\1 {version}", fields, count=1) if SOURCE_LINE.search(fields) \
        else f"\n  source: {version}" + fields
    return text[:block.end()] + fields + rest[end:]


def translated(english: Handbook, language: str) -> tuple[Handbook, list[Problem]]:
    """The handbook in `language`, and what is wrong with its translated files."""
    root = Path(english.root)
    handbook = dataclasses.replace(
        english, pages=dict(english.pages), chapters=dict(english.chapters), cases=dict(english.cases),
        checklists=dict(english.checklists), glossary=dict(english.glossary), figures=dict(english.figures),
        texts=dict(english.texts),
        ui=Words(english.ui, language=language), language=language, translations={})
    problems: list[Problem] = []
    for page in english.pages.values():
        if (root / translation_file(language, page.path)).exists():
            problems += _translate_page(handbook, page, translation_file(language, page.path))
    for checklist in english.checklists.values():
        if (root / translation_file(language, checklist.path)).exists():
            problems += _translate_checklist(handbook, checklist, translation_file(language, checklist.path))
    for data_file, merge in ((GLOSSARY_FILE, _merge_glossary), (UI_FILE, _merge_ui), (FIGURES_FILE, _merge_figures)):
        if (root / translation_file(language, data_file)).exists():
            problems += _translate_data(handbook, data_file, translation_file(language, data_file), merge)
    return handbook, sorted(set(problems))


def _record(root: Path, file: str, source: str, fields: dict) -> Translation:
    return Translation(file, source, str(fields.get("source") or ""), source_hash(root, source),
                       fields["method"], fields["native-review"])


def _translation_fields(file: str, meta: LineDict) -> tuple[dict, list[Problem]]:
    block = meta.get("translation")
    if not isinstance(block, LineDict):
        return {}, [Problem(file, meta.line, "a translation starts its front matter with the English file's fields "
                                             "and ends it with 'translation:' and the indented fields "
                                             "'method: machine-assisted' and 'native-review: none'")]
    return schema.check_fields(block, schema.TRANSLATION_FIELDS, file, "translation")


def _front_matter_problems(file: str, meta: LineDict, english: dict, source: str) -> list[Problem]:
    """The English fields, kept: every one present, and those readers do not read as words unchanged."""
    problems = []
    for key, value in english.items():
        if key not in meta:
            problems.append(Problem(file, meta.line, f"keep the field '{key}' of {source}"
                                                     + ("" if key in schema.TRANSLATABLE else f": '{key}: {plain(value)}'")))
        elif key not in schema.TRANSLATABLE and plain(meta[key]) != plain(value):
            problems.append(Problem(file, meta.line_of(key), f"'{key}' is not translated: write it as in {source}, "
                                                             f"'{key}: {plain(value)}'"))
        elif key in schema.TRANSLATED_ONE_FOR_ONE and (not isinstance(plain(meta[key]), list)
                                                      or len(plain(meta[key])) != len(plain(value))):
            problems.append(Problem(file, meta.line_of(key), f"'{key}' translates each of the {len(plain(value))} "
                                                             f"entries of {source}, in order: {plain(value)}"))
    for key in schema.TRANSLATABLE & set(meta):  # readers' words, shown as text wherever they appear
        values = plain(meta[key]) if isinstance(plain(meta[key]), list) else [plain(meta[key])]
        problem = next(filter(None, (schema.plain_text_problem(str(v)) for v in values)), None)
        if problem:
            problems.append(Problem(file, meta.line_of(key), f"'{key}' {problem}"))
    for key in meta:
        if key not in english and key != "translation":
            problems.append(Problem(file, meta.line_of(key), f"unknown field '{key}': {source} has no such field"))
    return problems


def _first_difference(mine: list, theirs: list) -> int | None:
    for index, (a, b) in enumerate(zip(mine, theirs)):
        if a != b:
            return index
    return None if len(mine) == len(theirs) else min(len(mine), len(theirs))


def _sequence_problem(file: str, what: str, mine: list, theirs: list, lines: list[int], first_line: int,
                      source: str, show) -> list[Problem]:
    """A problem at the first place where a translation's ids (or targets) part from the English ones."""
    at = _first_difference(mine, theirs)
    if at is None:
        return []
    line = lines[at] if at < len(lines) else first_line
    expected = f"the English has {show(theirs[at])}" if at < len(theirs) else "the English has no more"
    found = f"this has {show(mine[at])}" if at < len(mine) else "this has no more"
    return [Problem(file, line, f"{what} must match {source} in order: {found}, {expected} "
                                f"(ids, macro calls and link targets are shared by every language)")]


def _structure_problems(file: str, page: Page, english: Page) -> list[Problem]:
    heading = lambda h: f"'{'#' * h[0]} ... {{ #{h[1]} }}'"  # noqa: E731
    problems = [Problem(file, line, message) for line, message in page.call_problems]
    problems += _sequence_problem(file, "headings", [(h.level, h.anchor) for h in page.headings],
                                  [(h.level, h.anchor) for h in english.headings], [h.line for h in page.headings],
                                  page.body_line, english.path, heading)
    problems += _sequence_problem(file, "macro calls", [shared_part(c) for c in page.calls],
                                  [shared_part(c) for c in english.calls], [c.line for c in page.calls],
                                  page.body_line, english.path, _show_call)
    problems += _sequence_problem(file, "links", [link.target for link in page.links],
                                  [link.target for link in english.links], [link.line for link in page.links],
                                  page.body_line, english.path, lambda target: f"a link to '{target}'")
    return problems


def _show_call(part: tuple) -> str:
    name, ids, options = part
    return f"{name}({', '.join([*(repr(a) for a in ids), *(f'{k}={v!r}' for k, v in options)])})"


def _read(handbook: Handbook, file: str):
    source, problems = read_source(Path(handbook.root) / file, Path(handbook.root), front_matter_required=True)
    if source is None:
        return None, {}, problems
    fields, field_problems = _translation_fields(file, source.meta)
    return source, fields, problems + field_problems


def _translate_page(handbook: Handbook, english: Page, file: str) -> list[Problem]:
    source, fields, problems = _read(handbook, file)
    if source is None:
        return problems
    case = next((c for c in handbook.cases.values() if c.page.path == english.path), None)
    summary_only = case is not None and not source.body.strip()  # a case's summary and facts, its text in English
    page = dataclasses.replace(make_page(source), path=english.path)  # keyed, and linked, as the English page
    problems += _front_matter_problems(file, source.meta, english.meta, english.path)
    if not summary_only:
        problems += _structure_problems(file, page, english)
    if problems:
        return problems
    words = {key.replace("-", "_"): plain(source.meta[key]) for key in schema.TRANSLATABLE if key in source.meta}
    if summary_only:  # the English text, under the translated title (and keywords, for search)
        page = dataclasses.replace(english, meta={**english.meta, **{k: v for k, v in source.meta.items()
                                                                     if k in schema.TRANSLATABLE}})
    else:
        handbook.texts[english.path] = source.text
    handbook.pages[english.path] = page
    for table in (handbook.chapters, handbook.cases):
        item = next((i for i in table.values() if i.page.path == english.path), None)
        if item:
            table[item.id] = dataclasses.replace(item, page=page, **{k: v for k, v in words.items() if hasattr(item, k)})
    handbook.translations[english.path] = dataclasses.replace(
        _record(Path(handbook.root), file, english.path, fields), summary_only=summary_only)
    return []


def _checklist_parts(sections) -> list:
    """Each section id, then its items' ids, must-do marks and link targets, in order."""
    return [part for section in sections for part in
            [section.id, *[(i.id, i.must, i.link.target if i.link else None) for i in section.items]]]


def _translate_checklist(handbook: Handbook, english: Checklist, file: str) -> list[Problem]:
    source, fields, problems = _read(handbook, file)
    if source is None:
        return problems
    english_source, _ = read_source(Path(handbook.root) / english.path, Path(handbook.root), True)
    problems += _front_matter_problems(file, source.meta, english_source.meta, english.path)
    intro, sections, body_problems = parse_checklist_body(file, source.body, source.body_line)
    problems += body_problems
    if not body_problems:
        lines = [line for section in sections for line in [section.line, *[item.line for item in section.items]]]
        problems += _sequence_problem(file, "sections and items", _checklist_parts(sections),
                                      _checklist_parts(english.sections), lines, source.body_line, english.path,
                                      _show_checklist_part)
    if problems:
        return problems
    words = {key.replace("-", "_"): plain(source.meta[key]) for key in schema.TRANSLATABLE if key in source.meta}
    handbook.checklists[english.id] = dataclasses.replace(
        english, intro=intro, sections=sections, **{k: v for k, v in words.items() if hasattr(english, k)})
    handbook.texts[english.path] = source.text
    handbook.translations[english.path] = _record(Path(handbook.root), file, english.path, fields)
    return []


def _show_checklist_part(part) -> str:
    if isinstance(part, str):
        return f"the section {{ #{part} }}"
    item_id, must, target = part
    return f"the item `{item_id}`" + (" marked [!]" if must else "") + (f" linking '{target}'" if target else "")


def _translate_data(handbook: Handbook, english_file: str, file: str, merge) -> list[Problem]:
    root = Path(handbook.root)
    text, problems = read_text(root / file, root)
    if text is None:
        return problems
    data, problems = load_yaml(file, text, first_line=1)
    if problems:
        return problems
    if not isinstance(data, LineDict) or ENTRIES not in data:
        return [Problem(file, 1, f"a translated data file has two fields: 'translation:' (method, native-review) "
                                 f"and '{ENTRIES}:', the translated entries of {english_file}")]
    fields, problems = _translation_fields(file, data)
    problems += merge(handbook, file, data[ENTRIES], data.line_of(ENTRIES))
    if not problems:
        handbook.translations[english_file] = _record(root, file, english_file, fields)
    return problems


def _merge_glossary(handbook: Handbook, file: str, entries, line: int) -> list[Problem]:
    if not isinstance(entries, LineList):
        return [Problem(file, line, "entries: a YAML list of glossary entries, each '- id: ...' with term, "
                                    "definition and also")]
    problems, seen = [], set()
    for entry, entry_line in zip(entries, entries.lines):
        values, entry_problems = schema.check_fields(entry, schema.GLOSSARY_FIELDS, file, "glossary entry") \
            if isinstance(entry, LineDict) else ({}, [Problem(file, entry_line, "each entry starts with '- id: ...'")])
        problems += entry_problems
        term_id = values.get("id")
        if term_id is None or entry_problems:
            continue
        if term_id not in handbook.glossary or term_id in seen:
            problems.append(Problem(file, entry_line, f"glossary id '{term_id}' is "
                                    + ("translated twice" if term_id in seen else "not in the English glossary")))
            continue
        seen.add(term_id)
        handbook.glossary[term_id] = dataclasses.replace(handbook.glossary[term_id], term=values["term"],
                                                         definition=values["definition"], also=values.get("also", []))
    return problems


FIGURE_KEPT = ("kind", "sources")  # a figure's fields that are not words: a translation keeps them as they are


def _merge_figures(handbook: Handbook, file: str, entries, line: int) -> list[Problem]:
    """Translated figures: each entry is its English entry with the words translated (title, caption,
    alt, items, and the labels its kind has), the same number of items, and kind and sources kept."""
    if not isinstance(entries, LineList):
        return [Problem(file, line, "entries: a YAML list of figures, each its English entry in "
                                    f"{FIGURES_FILE} with the words translated")]
    problems, seen = [], set()
    for entry, entry_line in zip(entries, entries.lines):
        values, entry_problems = schema.check_fields(entry, schema.FIGURE_FIELDS, file, "figure") \
            if isinstance(entry, LineDict) else ({}, [Problem(file, entry_line, "each entry starts with '- id: ...'")])
        english = handbook.figures.get(values.get("id"))
        if entry_problems or english is None or values["id"] in seen:
            problems += entry_problems or [Problem(file, entry_line, f"figure id '{values.get('id')}' is " + (
                "translated twice" if values.get("id") in seen else f"not in {FIGURES_FILE}"))]
            continue
        seen.add(values["id"])
        problem = _figure_shape_differs(english, values)
        if problem:
            problems.append(Problem(file, entry_line, f"figure '{english.id}' {problem}"))
            continue
        handbook.figures[english.id] = dataclasses.replace(english, language=handbook.language, **{
            k: v for k, v in values.items() if k not in ("id", *FIGURE_KEPT)})
    return problems


def _figure_shape_differs(english, values: dict) -> str | None:
    """How a translated figure's entry departs from its English one in anything but words."""
    for name in FIGURE_KEPT:
        kept = getattr(english, name)
        if values.get(name, [] if name == "sources" else None) != kept:
            written = f"[{', '.join(kept)}]" if isinstance(kept, list) else kept
            return f"keeps its '{name}' as in {FIGURES_FILE}: '{name}: {written}'"
    shape = lambda items: [bool(i.note) for i in items]  # noqa: E731: a label, and whether it has a note
    if shape(values["items"]) != shape(english.items):
        return (f"translates each of its {len(english.items)} items, in order, each with a note where the "
                f"English has one")
    for name in ("rows", "columns", "centre", "start", "end"):
        if bool(values.get(name)) != bool(getattr(english, name)) or \
                (name in ("rows", "columns") and len(values.get(name, [])) != len(getattr(english, name))):
            return f"translates its '{name}' as in {FIGURES_FILE}, no more and no less"
    return None


def _merge_ui(handbook: Handbook, file: str, entries, line: int) -> list[Problem]:
    words, problems = ui_words(file, entries, line)
    english = dict(handbook.ui)
    for key, (text, key_line) in words.items():
        if key not in english and not counted_phrase(key, english, handbook.language):
            problems.append(Problem(file, key_line, f"'{key}' is not one of the site's words in {UI_FILE}"))
        else:
            handbook.ui[key] = text
    return problems + counted_phrase_problems(file, words, english, handbook.language)
