"""Front matter and data-file fields: the one place they are defined and documented.

The contributing guide's field reference is generated from these tables
(`scripts/new.py fields`), so the documentation cannot drift from what the validator accepts.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Callable, Mapping

from macros.content import vocab
from macros.content.model import EventDate, FigureItem
from macros.content.problems import Problem
from macros.content.source import LineDict

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VERSION = re.compile(r"^\d+(?:\.\d+){0,2}$")
EARLIEST_YEAR = 1900


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # one of KINDS below
    required: bool
    doc: str
    example: str
    choices: Mapping[str, str] | None = None
    limit: int | None = None  # most characters a text field may hold (labels drawn in figures)


def _today() -> dt.date:
    return dt.date.today()


def _check_slug(value, field):
    if not isinstance(value, str) or not SLUG.match(value):
        return None, f"must be lowercase words joined by hyphens, like {field.example}"
    return value, None


# One-line fields (titles, summaries, names) are plain text wherever they appear: page titles,
# navigation, meta descriptions, PDFs, Word files, open data. Markup or template syntax in them is
# an error, not something to escape and hope.
# Unicode's noncharacters (U+FDD0-U+FDEF and the last two code points of every plane): never text, and
# refused by XML parsers, such as the one that mirrors a figure for Arabic.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
NOT_PLAIN = (
    (re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]"), "control characters", "remove them"),
    (re.compile(f"[{NONCHARACTERS}]"), "a Unicode noncharacter (such as U+FFFE)", "remove it"),
    (re.compile(r"\n"), "a line break", "write it on one line"),
    (re.compile(r"[<>]"), "'<' or '>' (HTML)", "write words instead, or use ‹ ›"),
    (re.compile(r"\{[{%#]|[}%#]\}"), "template braces", "remove the braces"),
    (re.compile(r"\]\s*\(|\]\s*\[|^\s*\[[^\]]*\]:"), "Markdown link syntax", "write the words without a link"),
)


def plain_text_problem(text: str) -> str | None:
    """Why this one-line value is not plain text, and what to write instead; None when it is."""
    for pattern, what, instead in NOT_PLAIN:
        if pattern.search(text):
            return f"is plain text, but contains {what}: {instead}"
    return None


def _check_text(value, field):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None, f"must be text, like {field.example}"
    problem = plain_text_problem(value.strip())
    if not problem and field.limit and len(value.strip()) > field.limit:
        problem = f"has {len(value.strip())} characters; shorten it to {field.limit} at most"
    return (None, problem) if problem else (value.strip(), None)


def _check_markdown(value, field):
    """Markdown text (a glossary definition): judged as HTML once rendered, like any page."""
    if not isinstance(value, str) or not value.strip():
        return None, f"must be text, like {field.example}"
    return value.strip(), None


def _check_date(value, field):
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return None, f"must be a date written YYYY-MM-DD, like {field.example}"
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        return None, f"must be a date written YYYY-MM-DD, like {field.example}"
    if value > _today():
        return None, f"is {value.isoformat()}, which is in the future: write the date of the review"
    return value, None


def _check_version(value, field):
    value = str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
    if not isinstance(value, str) or not VERSION.match(value):
        return None, f"must be a version number in quotes, like {field.example}"
    return value, None


def _check_bool(value, field):
    if not isinstance(value, bool):
        return None, "must be true or false"
    return value, None


def _check_choice(value, field):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # track: 1.5 written without quotes
    if value not in field.choices:
        return None, f"'{value}' is not one of: {', '.join(field.choices)}"
    return value, None


def _as_list(value):
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return [value]
    return value if isinstance(value, list) else None


def _check_choices(value, field):
    values = _as_list(value)
    if not values:
        return None, f"must be a list such as [{', '.join(list(field.choices)[:2])}]"
    unknown = [str(v) for v in values if v not in field.choices]
    if unknown:
        return None, f"has unknown value(s) {', '.join(unknown)}: use any of {', '.join(field.choices)}"
    return list(dict.fromkeys(values)), None


def _check_texts(value, field):
    values = _as_list(value)
    if not values or not all(isinstance(v, (str, int)) and str(v).strip() for v in values):
        return None, f"must be a list of text items, like {field.example}"
    problem = next(filter(None, (plain_text_problem(str(v).strip()) for v in values)), None)
    return (None, f"each item {problem.removeprefix('is ')}") if problem else ([str(v).strip() for v in values], None)


def _check_slugs(value, field):
    values = _as_list(value)
    if values is None or not all(isinstance(v, str) and SLUG.match(v) for v in values):
        return None, f"must be a list of ids, like {field.example}"
    return values, None


def _check_year(value, field):
    if isinstance(value, bool) or not isinstance(value, int) or not EARLIEST_YEAR - 400 <= value <= _today().year:
        return None, f"must be a year between {EARLIEST_YEAR - 400} and {_today().year}, like {field.example}"
    return value, None


def _check_years(value, field):
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
        return None, f"must be [start, end] years, like {field.example}"
    start, end = value
    if not EARLIEST_YEAR <= start <= _today().year or not EARLIEST_YEAR <= end <= _today().year:
        return None, f"years must lie between {EARLIEST_YEAR} and {_today().year}"
    if start > end:
        return None, f"starts in {start} but ends in {end}: write [start, end] with start <= end"
    return (start, end), None


MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _check_event_date(value, field):
    """A year (1993), a month ("1993-09", quoted) or a day (1993-09-29): the precision the source gives."""
    wrong = f"must be a year, a month in quotes or a day, like 1993, \"1993-09\" or 1993-09-29 (got {value!r})"
    if isinstance(value, bool):
        return None, wrong
    if isinstance(value, int):
        date = EventDate(value)
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        date = EventDate(value.year, value.month, value.day)
    elif isinstance(value, str) and MONTH.match(value.strip()) and 1 <= int(value.strip()[5:]) <= 12:
        date = EventDate(int(value.strip()[:4]), int(value.strip()[5:]))
    else:
        return None, wrong
    if not EARLIEST_YEAR <= date.year <= _today().year:
        return None, f"year {date.year} must lie between {EARLIEST_YEAR} and {_today().year}"
    return date, None


def _check_entries(value, field):
    """A list of mappings, each checked against its own field table by the loader (with its own lines)."""
    if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
        return None, f"must be a list of entries, each starting with '- ', like {field.example}"
    return value, None


def _check_figure_items(value, field):
    """Labels, each plain text, optionally with a note: '- Assess' or '- {label: Assess, note: ...}'."""
    if not isinstance(value, list) or not value:
        return None, f"must be a list of labels, like {field.example}"
    items = []
    for entry in value:
        entry = {"label": entry} if isinstance(entry, str) else entry
        if not isinstance(entry, dict) or set(entry) - {"label", "note"} or not isinstance(entry.get("label"), str):
            return None, "each item is a label, or 'label:' with an optional 'note:'"
        texts = [str(entry["label"]).strip(), str(entry.get("note") or "").strip()]
        problem = next(filter(None, (plain_text_problem(t) for t in texts if t)), None)
        if problem or not texts[0]:
            return None, f"item '{texts[0]}' {problem or 'has an empty label'}"
        if len(texts[0]) > 60 or len(texts[1]) > 140:
            return None, f"item '{texts[0][:40]}' is too long: labels up to 60 characters, notes up to 140"
        items.append(FigureItem(*texts))
    return items, None


def _check_url(value, field):
    if not isinstance(value, str) or not re.match(r"^https://[^\s/]+\.[^\s]+$", value):
        return None, f"must be a full https address, like {field.example}"
    return value, None


KINDS: dict[str, Callable] = {
    "slug": _check_slug,
    "text": _check_text,
    "markdown": _check_markdown,
    "date": _check_date,
    "version": _check_version,
    "bool": _check_bool,
    "choice": _check_choice,
    "choices": _check_choices,
    "texts": _check_texts,
    "slugs": _check_slugs,
    "year": _check_year,
    "years": _check_years,
    "url": _check_url,
    "event-date": _check_event_date,
    "entries": _check_entries,
    "figure-items": _check_figure_items,
}

_ID = "Stable identifier; never change it once published. Lowercase words joined by hyphens."
_REVIEWED = ("Date the content was last checked by an editor, YYYY-MM-DD. "
             "Not in the future.")
_KEYWORDS = Field("keywords", "texts", False, "Words readers may search for that the text does not use.",
                  "[backchannel, secret talks]")
_RENDER = Field("render_macros", "bool", False, "true when the page uses macros such as term() or cite().", "true")

CHAPTER_FIELDS = (
    Field("id", "slug", True, _ID, "step-1-assess"),
    Field("title", "text", True, "Chapter title as readers see it.", '"Step 1: Assess"'),
    Field("step", "choice", False, "For the five step chapters only: which step.", "assess", vocab.STEPS),
    Field("audience", "choices", True, "Who the chapter is written for.", "[official, practitioner]", vocab.AUDIENCES),
    Field("summary", "text", True, "One or two sentences: what the chapter helps the reader do.", '"..."'),
    Field("reviewed", "date", True, _REVIEWED, "2026-11-25"),
    _KEYWORDS,
    _RENDER,
)

PAGE_FIELDS = (
    Field("title", "text", False, "Page title, when it differs from the first heading.", '"Glossary"'),
    Field("summary", "text", False, "One or two sentences describing the page.", '"..."'),
    Field("hide", "texts", False, "Material parts to hide on this page.", "[navigation, toc]"),
    Field("reviewed", "date", False, _REVIEWED, "2026-11-25"),
    _KEYWORDS,
    _RENDER,
)

CHECKLIST_FIELDS = (
    Field("id", "slug", True, _ID, "participant-selection"),
    Field("title", "text", True, "Checklist title.", '"Selecting participants"'),
    Field("step", "choice", True, "The handbook step it belongs to.", "prepare", vocab.STEPS),
    Field("audience", "choices", True, "Who uses it.", "[practitioner]", vocab.AUDIENCES),
    Field("used-by", "text", True, "Who ticks the boxes, in plain words.", '"The convening team"'),
    Field("use-when", "text", True, "The moment to use it.", '"Before any invitation goes out"'),
    Field("summary", "text", True, "One sentence: what the list helps you do.", '"..."'),
    Field("version", "version", True, "Raise it when items change; quote it.", '"1.1"'),
    Field("reviewed", "date", True, _REVIEWED, "2026-11-25"),
    Field("changes", "text", True, "What changed in this version.", '"1.1: added an item on interpreters"'),
    _KEYWORDS,
    Field("moved-from", "slugs", False, "Checklists some of whose items moved into this one, ids unchanged: "
          "ticks saved in browsers move with them.", "[participant-selection]"),
)

CASE_FIELDS = (
    Field("id", "slug", True, _ID, "inter-tajik-dialogue"),
    Field("title", "text", True, "Case title with its years.", '"The Inter-Tajik Dialogue (1993-2005)"'),
    Field("summary", "text", True, "One or two sentences on what happened.", '"..."'),
    Field("region", "choice", True, "World region.", "asia", vocab.REGIONS),
    Field("countries", "texts", True, "Countries involved.", "[Tajikistan]"),
    Field("years", "years", True, "First and last year of the effort.", "[1993, 2005]"),
    Field("conflict", "text", True, "The conflict, as commonly named.", '"Tajik civil war (1992-1997)"'),
    Field("convenors", "texts", True, "Who convened it.", '["Kettering Foundation"]'),
    Field("track", "choice", True, "Kind of effort.", '"II"', vocab.TRACKS),
    Field("activities", "choices", True, "Activity types.", "[sustained-dialogue]", vocab.ACTIVITIES),
    Field("steps", "choices", True, "Handbook steps the case illustrates.", "[assess, conduct]", vocab.STEPS),
    Field("outcome", "choice", True, "What came of it, in one word.", "shaped-ideas", vocab.OUTCOMES),
    Field("women", "choice", True, "What women did, as the case text shows.", "took-part", vocab.WOMEN),
    Field("sources", "slugs", True, "Reference keys from docs/_data/references.yml.", "[saunders-1999]"),
    Field("short", "text", True, "The case's label in the chart of all cases, up to 30 characters.",
          '"Inter-Tajik Dialogue"', limit=30),
    Field("events", "entries", True, "The case's timeline: 5 to 12 dated events, each with the fields of a "
          "timeline event (below), in date order and within the case's years. An event known only to the year or "
          "month may stand anywhere in that year or month.",
          "[{date: 1993-03, track: II, what: ..., source: saunders-1999}]"),
    Field("version", "version", True, "Raise it when facts change; quote it.", '"1.0"'),
    Field("reviewed", "date", True, _REVIEWED, "2026-11-25"),
    Field("changes", "text", True, "What changed in this version.", '"1.0: first published version"'),
    _KEYWORDS,
    _RENDER,
)

EVENTS_PER_CASE = (5, 12)

EVENT_FIELDS = (
    Field("date", "event-date", True, "When: a year, a month in quotes, or a day; only as precise as the source.",
          '"1993-03"'),
    Field("track", "choice", True, "Who acted, which sets the lane the event is drawn in. Quote \"1.5\".", "II",
          vocab.EVENT_TRACKS),
    Field("what", "text", True, "What happened, in one plain phrase of up to 110 characters.",
          '"First meeting of the dialogue in Moscow"', limit=110),
    Field("source", "slug", True, "The reference key that supports this event and its date; it must be in "
          "the case's sources.", "saunders-1999"),
)

FIGURE_FIELDS = (
    Field("id", "slug", True, _ID + " Pages show it with the figure macro.", "five-steps"),
    Field("kind", "choice", True, "How it is drawn.", "cycle", vocab.FIGURE_KINDS),
    Field("title", "text", True, "Short title, read first by screen readers.", '"The five steps"', limit=80),
    Field("caption", "text", True, "The caption under the figure: what to take from it.", '"..."', limit=300),
    Field("alt", "text", True, "What the figure shows, in words, for readers who cannot see it (not "
          "'diagram of...').", '"..."', limit=700),
    Field("items", "figure-items", True, "The labels drawn, in order; each may have a short note.",
          "[Assess, Plan, {label: Prepare, note: ...}]"),
    Field("rows", "texts", False, "matrix: the two row labels, top first.", "[Individual, Socio-political]"),
    Field("columns", "texts", False, "matrix: the two column labels, left first.", "[More people, Key people]"),
    Field("centre", "text", False, "wheel: the label in the middle.", '"Peace as a system"', limit=40),
    Field("start", "text", False, "fan: where the routes start.", '"Track II effort"', limit=60),
    Field("end", "text", False, "fan: where the routes arrive.", '"Official negotiations"', limit=60),
    Field("sources", "slugs", False, "Reference keys the figure draws on (shown in its caption).", "[anderson-2003]"),
)

# What each kind of figure needs: (fewest items, most items, fields it requires).
FIGURE_SHAPES = {
    "cycle": (3, 8, ()),
    "sequence": (2, 9, ()),
    "pyramid": (2, 5, ()),
    "matrix": (4, 4, ("rows", "columns")),
    "wheel": (3, 12, ("centre",)),
    "fan": (2, 7, ("start", "end")),
}

GLOSSARY_FIELDS = (
    Field("id", "slug", True, _ID, "ripeness"),
    Field("term", "text", True, "The term as readers see it.", "Ripeness"),
    Field("also", "texts", False, "Other names readers search for.", "[ripe moment]"),
    Field("definition", "markdown", True, "One to three sentences in our own words.", '"..."'),
    Field("see", "slugs", False, "Related glossary ids.", "[mutually-hurting-stalemate]"),
)

REFERENCE_FIELDS = (
    Field("key", "slug", True, "Citation key: first author's surname and year.", "zartman-2000"),
    Field("type", "choice", True, "Kind of publication.", "book", vocab.REFERENCE_TYPES),
    Field("authors", "texts", True, "Authors as 'Surname, Given names', or an organisation.", '["Zartman, I. William"]'),
    Field("year", "year", True, "Year of publication.", "2000"),
    Field("title", "text", True, "Title of the work.", '"Ripe for Resolution"'),
    Field("container", "text", False, "Journal (article) or book (chapter).", '"Negotiation Journal"'),
    Field("editors", "texts", False, "Editors of the book (chapter).", '["Stern, Paul C."]'),
    Field("edition", "text", False, "Edition, when not the first.", '"2nd ed."'),
    Field("volume", "text", False, "Journal volume.", '"11"'),
    Field("issue", "text", False, "Journal issue.", '"2"'),
    Field("pages", "text", False, "Page range.", '"225-250"'),
    Field("publisher", "text", False, "Publisher (book, chapter, report).", '"Oxford University Press"'),
    Field("place", "text", False, "Place of publication.", '"New York"'),
    Field("url", "url", False, "A stable address (doi.org or the publisher).", "https://doi.org/..."),
    Field("topic", "choice", True, "Where it is listed on the references page.", "assessment", vocab.REFERENCE_TOPICS),
)

# A translated page or checklist keeps the English front matter, with these fields in the reader's
# language, and adds `translation:` with the fields below.
TRANSLATABLE = frozenset({"title", "summary", "keywords", "used-by", "use-when", "changes", "short", "conflict",
                          "countries"})
TRANSLATED_ONE_FOR_ONE = frozenset({"countries"})  # lists whose entries are translated one by one
TRANSLATION_FIELDS = (
    Field("source", "text", False, "The hash of the English file this translates, written by "
          "`python scripts/translations.py stamp FILE` once the translation matches it.", "3f2a9c1b7d4e"),
    Field("method", "choice", True, "How it was translated.", "machine-assisted",
          {"machine-assisted": "drafted by machine, checked by an editor", "human": "translated by a person"}),
    Field("native-review", "text", True, "Who reviewed it as a native-speaking practitioner, or none.", "none"),
)

# Content types whose fields the contributing guide documents, by the name used in field_reference().
FIELD_TABLES = {
    "chapter": CHAPTER_FIELDS,
    "checklist": CHECKLIST_FIELDS,
    "case": CASE_FIELDS,
    "page": PAGE_FIELDS,
    "glossary": GLOSSARY_FIELDS,
    "reference": REFERENCE_FIELDS,
    "event": EVENT_FIELDS,
    "figure": FIGURE_FIELDS,
}

# Each reference type needs enough detail to be found in a library.
REFERENCE_REQUIRES = {
    "book": ("publisher",),
    "article": ("container",),
    "chapter": ("container", "publisher"),
    "report": ("publisher",),
}


def check_fields(meta: LineDict, fields: tuple[Field, ...], path: str, what: str) -> tuple[dict, list[Problem]]:
    """Validate a mapping against a field table; return clean values keyed by field name."""
    known = {f.name: f for f in fields}
    values: dict = {}
    problems: list[Problem] = []
    typo_of: dict[str, str] = {}  # intended field -> misspelt key, so a typo is reported once
    for key in meta:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            if close and close[0] not in meta:
                typo_of[close[0]] = key
            hint = f"did you mean '{close[0]}'?" if close else f"allowed fields: {', '.join(known)}"
            problems.append(Problem(path, meta.line_of(key), f"unknown field '{key}' in {what}: {hint}"))
    for f in fields:
        if f.name not in meta or meta[f.name] is None:
            if f.required and f.name not in typo_of:
                problems.append(Problem(path, meta.line, f"{what} is missing the required field '{f.name}' "
                                                          f"({f.doc.rstrip('.')}): add '{f.name}: {f.example}'"))
            continue
        value, error = KINDS[f.kind](meta[f.name], f)
        if error:
            problems.append(Problem(path, meta.line_of(f.name), f"field '{f.name}' {error}"))
        else:
            values[f.name] = value
    return values, problems
