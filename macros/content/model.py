"""The content model: every output (site macros, exports, PDFs, validator) reads these objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from macros.content.languages import PLURAL_CATEGORIES, long_date, plural_category


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    anchor: str
    line: int
    explicit: bool  # written as { #anchor } rather than derived from the title


@dataclass(frozen=True)
class Link:
    text: str
    target: str
    line: int
    image: bool = False


@dataclass
class Page:
    """Any Markdown page under docs/ (chapters and case studies are pages too)."""

    path: str  # repository-relative, e.g. docs/handbook/introduction.md
    title: str
    meta: dict
    body: str
    body_line: int
    headings: list[Heading]
    links: list[Link]
    macros: bool  # render_macros: true
    parts: list = field(default_factory=list)  # macro_calls.parse(): literal text and literal macro calls
    call_problems: list = field(default_factory=list)  # (line, message) of each disallowed construct

    @property
    def calls(self) -> list:
        """The page's macro calls (macro_calls.MacroCall), in order: every part that is not literal text."""
        return [part for part in self.parts if not isinstance(part, str)]

    def anchor(self, anchor: str) -> Heading | None:
        return next((h for h in self.headings if h.anchor == anchor), None)


@dataclass
class Chapter:
    id: str
    title: str
    summary: str
    audience: list[str]
    reviewed: dt.date
    page: Page
    step: str | None = None
    keywords: list[str] = field(default_factory=list)

    def section_body(self, anchor: str) -> str:
        """Markdown between the heading with this anchor and the next heading of the same or higher level."""
        lines = self.page.body.split("\n")
        start = self.page.anchor(anchor)
        if start is None:
            return ""
        first = start.line - self.page.body_line + 1
        end = next((h.line - self.page.body_line for h in self.page.headings
                    if h.line > start.line and h.level <= start.level), len(lines))
        return "\n".join(lines[first:end]).strip()


@dataclass
class ChecklistItem:
    id: str
    text: str
    note: str
    link: Link | None
    line: int
    must: bool = False  # written '- [!]': not optional (safety, consent, the law)


@dataclass
class ChecklistSection:
    id: str
    title: str
    intro: str
    items: list[ChecklistItem]
    line: int


@dataclass
class Checklist:
    id: str
    title: str
    step: str
    audience: list[str]
    used_by: str
    use_when: str
    summary: str
    version: str
    reviewed: dt.date
    changes: str
    intro: str
    sections: list[ChecklistSection]
    path: str
    keywords: list[str] = field(default_factory=list)
    moved_from: list[str] = field(default_factory=list)  # checklists whose items moved here (ids unchanged)

    @property
    def items(self) -> list[ChecklistItem]:
        return [item for section in self.sections for item in section.items]


@dataclass(frozen=True)
class EventDate:
    """A date known to the year, the month or the day (what the source supports, no more)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def parts(self) -> tuple[int, ...]:
        return tuple(n for n in (self.year, self.month, self.day) if n)

    def before(self, other: "EventDate") -> bool:
        """Certainly earlier, compared at the precision both dates have: 1994 is not before 1994-01-10,
        nor after it, so an event known to the year can stand where the story puts it within that year."""
        common = min(len(self.parts), len(other.parts))
        return self.parts[:common] < other.parts[:common]

    def iso(self) -> str:
        """1993, 1993-09 or 1993-09-29: the precision as written."""
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n]
        return "-".join(parts)


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event in a case's timeline, drawn in the lane of the track that acted."""

    date: EventDate
    track: str  # vocab.EVENT_TRACKS
    what: str
    source: str  # reference key
    line: int


@dataclass
class CaseStudy:
    id: str
    title: str
    summary: str
    region: str
    countries: list[str]
    years: tuple[int, int]
    conflict: str
    convenors: list[str]
    track: str
    activities: list[str]
    steps: list[str]
    outcome: str
    women: str
    sources: list[str]
    version: str
    reviewed: dt.date
    changes: str
    page: Page
    short: str = ""  # the label of the case in charts of all cases
    events: list[TimelineEvent] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FigureItem:
    label: str
    note: str = ""


@dataclass
class Figure:
    """A concept diagram: its kind picks the drawing, its words are all here (so they can be translated)."""

    id: str
    kind: str  # vocab.FIGURE_KINDS
    title: str
    caption: str
    alt: str  # what the figure shows, as text
    items: list[FigureItem]
    line: int
    rows: list[str] = field(default_factory=list)  # matrix
    columns: list[str] = field(default_factory=list)  # matrix
    centre: str | None = None  # wheel
    start: str | None = None  # fan: where the routes start
    end: str | None = None  # fan: where they arrive
    sources: list[str] = field(default_factory=list)
    language: str = "en"  # of its words: English until a translation of docs/_data/figures.yml gives them


@dataclass
class GlossaryTerm:
    id: str
    term: str
    definition: str
    line: int
    also: list[str] = field(default_factory=list)
    see: list[str] = field(default_factory=list)


@dataclass
class Reference:
    key: str
    type: str
    authors: list[str]
    year: int
    title: str
    topic: str
    line: int
    container: str | None = None
    editors: list[str] = field(default_factory=list)
    edition: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Translation:
    """Where a translated page, checklist or data file came from, and whether it is still current."""

    file: str  # the translated file, e.g. docs/fr/handbook/introduction.md
    source: str  # the English file it translates
    translated_from: str  # the English file's hash the translation records (empty: none recorded)
    current: str  # the English file's hash now
    method: str = "machine-assisted"
    native_review: str = "none"  # who reviewed it as a native-speaking practitioner, or "none"
    summary_only: bool = False  # a case study's title, summary and facts only: its text stays in English

    @property
    def stale(self) -> bool:
        return self.translated_from != self.current


class Words(dict):
    """The site's own words in one language, by key (docs/_data/ui.yml and its translations).

    A counted phrase is one key per plural form of its language, '#' standing for the number:
    items_one '# item', items_other '# items'; Arabic adds items_zero, items_two, items_few, items_many."""

    def __init__(self, *args, language: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language

    def counted(self, key: str, count: int) -> str:
        """'24 items': the form of `key` that `count` takes in this language ('other' if that form is
        missing, as when a translation has not reached this phrase and English stands in)."""
        form = self.get(f"{key}_{plural_category(self.language, count)}") or self[f"{key}_other"]
        return form.replace("#", str(count))

    def date(self, day: dt.date, skeleton: str = "") -> str:
        """'5 December 2026', as this language writes a date in running text (languages.long_date)."""
        return long_date(self.language, day, skeleton)

    def forms(self, key: str) -> dict[str, str]:
        """Every form of a counted phrase, by plural category, for scripts that count in the browser."""
        return {category: self[f"{key}_{category}"] for category in PLURAL_CATEGORIES if f"{key}_{category}" in self}


@dataclass
class Handbook:
    """Everything loaded from the repository, keyed by stable id."""

    root: str
    pages: dict[str, Page] = field(default_factory=dict)  # by repository path
    chapters: dict[str, Chapter] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    cases: dict[str, CaseStudy] = field(default_factory=dict)
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)
    references: dict[str, Reference] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)
    synonyms: list[list[str]] = field(default_factory=list)  # groups of words search treats as one
    texts: dict[str, str] = field(default_factory=dict)  # whole text of each page and checklist file read
    # Ids (file names) of content that exists but failed to load: already reported, so references
    # to them are not reported again as unknown.
    unloaded: set[str] = field(default_factory=set)
    language: str = "en"  # languages.LANGUAGES: the language of the text below
    translations: dict[str, Translation] = field(default_factory=dict)  # by English repository path
    ui: Words = field(default_factory=Words)  # the site's own words (docs/_data/ui.yml), by key


    @property
    def last_reviewed(self) -> dt.date:
        """The newest review date of any chapter, checklist or case: the date of the edition's content,
        which the builder uses wherever it would otherwise write the day it ran (the sitemap)."""
        items = [*self.chapters.values(), *self.checklists.values(), *self.cases.values()]
        return max((item.reviewed for item in items), default=dt.date(2000, 1, 1))
