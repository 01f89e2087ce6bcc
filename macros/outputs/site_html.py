"""HTML renderers for the site. Pure functions of the model and the page being rendered.

Every URL is made relative to the current page so the site works from a sub-path and from
`file://`. All contributor text is escaped or passed through Markdown that the validator has
already checked for raw HTML.
"""

from __future__ import annotations

import re
from html import escape

import markdown as md

from macros.content import markdown_scan as scan
from macros.content import schema
from macros.content import vocab
from macros.content.languages import BY_CODE
from macros.content.model import CaseStudy, Checklist, ChecklistItem, Figure, GlossaryTerm, Handbook, Reference, Words
from macros.content.problems import ContentError
from macros.outputs import figures
from macros.outputs.checklist_view import labelled, must_mark_html, must_note_html, version_line
from macros.paths import (DOWNLOADS_PAGE, GLOSSARY_PAGE, HANDBOOK_FILE, OFFLINE_BUNDLE, PRINTABLES, REFERENCES_PAGE,
                          SCHEME, Here, checklist_files, checklist_page, download_path, download_url, language_root,
                          link_target, printable, printable_files, toolkit_file, url)


def inline_markdown(text: str) -> str:
    """Render one paragraph of Markdown to inline HTML (no wrapping <p>)."""
    html = md.markdown(text)
    return re.sub(r"^<p>(.*)</p>$", r"\1", html, flags=re.S)


def _lookup(table: dict, key: str, what: str):
    try:
        return table[key]
    except KeyError:
        raise ContentError(f"unknown {what} '{key}'") from None


# --- inline macros -----------------------------------------------------------------------------


ROMAN_OR_NUMBER = re.compile(r"^(?:[IVX]+|[\d.]+)$")
QUALIFIER = re.compile(r"\s*\([^)]*\)$")


def in_running_text(name: str) -> str:
    """A glossary term as it reads inside a sentence: "Ripeness" -> "ripeness", "Track II" -> "track II",
    "Key people (strategy)" -> "key people" (the glossary's qualifier only tells entries apart); names
    whose other words are capitalised ("Chatham House Rule") stay as they are."""
    name = QUALIFIER.sub("", name)
    words = name.split()
    if any(w[:1].isupper() and not ROMAN_OR_NUMBER.match(w) for w in words[1:]):
        return name
    return name[:1].lower() + name[1:]


def term(handbook: Handbook, here: Here, term_id: str, text: str | None = None, mid_sentence: bool = False) -> str:
    entry: GlossaryTerm = _lookup(handbook.glossary, term_id, "glossary term")
    shown = text or (in_running_text(entry.term) if mid_sentence else entry.term)
    return (f'<a class="t2-term" href="{url(here, GLOSSARY_PAGE, entry.id)}" '
            f'title="{escape(plain(entry.definition))}">{escape(shown)}</a>')


def plain(text: str) -> str:
    """Markdown reduced to plain text, for tooltips and meta descriptions."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", " ".join(text.split()))


def page_summary(handbook: Handbook, path: str) -> str | None:
    """The one-line summary of whatever the page shows, for its meta description."""
    page = handbook.pages.get(path)
    checklist_id = path.removeprefix("docs/checklists/").removesuffix(".md")
    if checklist_id in handbook.checklists and path.startswith("docs/checklists/"):
        return handbook.checklists[checklist_id].summary
    return plain(str(page.meta["summary"])) if page and page.meta.get("summary") else None


def short_author(ref: Reference) -> str:
    surnames = [a.split(",")[0].strip() for a in ref.authors]
    if len(surnames) == 1:
        return surnames[0]
    if len(surnames) == 2:
        return f"{surnames[0]} and {surnames[1]}"
    return f"{surnames[0]} et al."


def cite(handbook: Handbook, here: Here, *keys: str, pages: str | None = None) -> str:
    parts = []
    for key in keys:
        ref: Reference = _lookup(handbook.references, key, "reference")
        parts.append(f'<a href="{url(here, REFERENCES_PAGE, key)}">{escape(short_author(ref))} {ref.year}</a>')
    locator = ""
    if pages:
        locator = f", {'pp' if '-' in pages or '–' in pages else 'p'}. {escape(pages.replace('-', '–'))}"
    return f'<span class="t2-cite">({"; ".join(parts)}{locator})</span>'


def xref(handbook: Handbook, here: Here, target: str, text: str | None = None) -> str:
    chapter_id, _, anchor = target.partition("#")
    chapter = _lookup(handbook.chapters, chapter_id, "chapter")
    heading = chapter.page.anchor(anchor) if anchor else None
    if anchor and heading is None:
        raise ContentError(f"chapter '{chapter_id}' has no section '{anchor}'")
    label = text or (heading.title if heading else chapter.title)
    return f'<a href="{url(here, chapter.page.path, anchor)}">{escape(label)}</a>'


def case(handbook: Handbook, here: Here, case_id: str, text: str | None = None) -> str:
    study: CaseStudy = _lookup(handbook.cases, case_id, "case study")
    return f'<a href="{url(here, study.page.path)}">{escape(text or study.title)}</a>'


def checklist_link(handbook: Handbook, here: Here, checklist_id: str, text: str | None = None) -> str:
    checklist: Checklist = _lookup(handbook.checklists, checklist_id, "checklist")
    return (f'<a class="t2-checklist-link" href="{url(here, checklist_page(checklist.id))}">'
            f'{escape(text or checklist.title)}</a>')


# --- blocks ------------------------------------------------------------------------------------


def _item_link_url(here: Here, checklist: Checklist, item: ChecklistItem) -> str:
    return url(here, *link_target(checklist.path, item.link.target, checklist_page(checklist.id)))


def _from_source(here: Here, checklist: Checklist, markdown_text: str) -> str:
    """Checklist Markdown (intro, section intro, note) with its relative links, written from the source
    file in checklists/, pointed at the site page instead: the page lives in docs/checklists/."""
    def rebase(match: re.Match) -> str:
        image, text, target = match.groups()
        if image or not target or target.startswith("#") or SCHEME.match(target):
            return match.group(0)
        path, anchor = link_target(checklist.path, target)
        return f"[{text}]({url(here, path, anchor)})" if path.endswith(".md") else match.group(0)
    return scan.INLINE_LINK.sub(rebase, markdown_text)


# What a checklist's tick panel may say (assets/js/checklist.js), by its data-said-* name: the site's words.
# A counted message comes in each plural form of the page's language (data-said-exported-one, ...-other).
TICK_MESSAGES = {"not-ticks": "ticks_not_a_file", "other-checklist": "ticks_other_checklist",
                 "too-large": "ticks_too_large"}
COUNTED_TICK_MESSAGES = {"exported": "ticks_exported", "imported": "ticks_imported", "left-out": "ticks_left_out"}


def _said(words: Words) -> str:
    counted = {f"{name}-{category}": form for name, key in COUNTED_TICK_MESSAGES.items()
               for category, form in words.forms(key).items()}
    plain = {name: words[key] for name, key in TICK_MESSAGES.items()}
    return "".join(f' data-said-{name}="{escape(text)}"' for name, text in {**plain, **counted}.items())


def checklist(handbook: Handbook, here: Here, checklist_id: str) -> str:
    """A checklist as Markdown headings (for the table of contents) and accessible HTML lists."""
    cl: Checklist = _lookup(handbook.checklists, checklist_id, "checklist")
    total = len(cl.items)
    files = checklist_files(cl.id)
    # Items that moved here from another checklist keep their ids; checklist.js moves their saved ticks.
    moved = f' data-moved-from="{escape(" ".join(cl.moved_from))}"' if cl.moved_from else ""
    words = handbook.ui
    step = f'<a href="{url(here, _step_chapter_path(handbook, cl.step))}">{escape(shown(handbook, "steps", cl.step))}</a>'
    out = [
        '<div class="t2-checklist-meta">',
        f'<p><strong>{escape(labelled(words, "use_it"))}</strong> {escape(cl.use_when)}. '
        f'<strong>{escape(labelled(words, "used_by"))}</strong> {escape(cl.used_by)}.</p>',
        f'<p><strong>{escape(labelled(words, "step"))}</strong> {step} · '
        f'{escape(version_line(cl, words))}</p>',
        f'<p class="t2-downloads" data-search-exclude><strong>{escape(labelled(words, "print_or_fill"))}</strong> '
        f'<a href="{download_url(here, files["a4"])}">{escape(words["pdf_a4"])}</a> · '
        f'<a href="{download_url(here, files["letter"])}">{escape(words["pdf_letter"])}</a> · '
        f'<a href="{download_url(here, toolkit_file(cl.step))}">{escape(words["step_toolkit"])}</a> · '
        f'<strong>{escape(labelled(words, "adapt"))}</strong> <a href="{download_url(here, files["docx"])}">Word</a> · '
        f'<a href="{download_url(here, files["md"])}">Markdown</a></p>',
        "</div>",
        "",
        _from_source(here, cl, cl.intro),
        "",
        must_note_html(cl, words),
        "",
        f'<div class="t2-progress" data-checklist="{escape(cl.id)}" data-total="{total}"{moved} '
        f'data-progress="{escape(words["progress"])}"{_said(words)} hidden>'
        f'<p role="status" aria-live="polite" class="t2-progress-text">'
        f'{escape(words["progress"].replace("%done", "0").replace("%total", str(total)))}</p>'
        f'<button type="button" class="md-button t2-reset">{escape(words["clear_ticks"])}</button>'
        f'<button type="button" class="md-button" data-ticks-export>{escape(words["export_ticks"])}</button>'
        f'<button type="button" class="md-button" data-ticks-import>{escape(words["import_ticks"])}</button>'
        f'<input type="file" accept=".json,application/json" data-ticks-file hidden>'
        f'<button type="button" class="md-button" data-ticks-print>{escape(words["print_ticks"])}</button>'
        f'<span class="t2-progress-note">{escape(words["ticks_note"])}</span>'
        f'<p class="t2-ticks-said" role="status" aria-live="polite" data-ticks-said></p></div>',
        "",
    ]
    for section in cl.sections:
        out += [f"## {section.title} {{ #{section.id} }}", ""]
        if section.intro:
            out += [_from_source(here, cl, section.intro), ""]
        out.append(f'<ul class="t2-items" data-checklist="{escape(cl.id)}">')
        for item in section.items:
            note_id = f"note-{item.id}"
            link = ""
            if item.link:
                link = (f' <a class="t2-why" href="{_item_link_url(here, cl, item)}">'
                        f'{escape(item.link.text or words["why"])}</a>')
            out.append(
                f'<li class="t2-item{" t2-item-must" if item.must else ""}" id="{escape(item.id)}">'
                f'<input type="checkbox" id="cb-{escape(item.id)}" data-item="{escape(item.id)}" '
                f'aria-describedby="{note_id}">'
                f'<label for="cb-{escape(item.id)}">{must_mark_html(item, words)}{inline_markdown(escape(item.text, quote=False))}</label>'
                f'<p class="t2-note" id="{note_id}">{inline_markdown(_from_source(here, cl, item.note)) if item.note else ""}{link}</p></li>')
        out += ["</ul>", ""]
    return "\n".join(out)


def _step_chapter_path(handbook: Handbook, step: str) -> str:
    chapter = next((c for c in handbook.chapters.values() if c.step == step), None)
    return chapter.page.path if chapter else "docs/index.md"


def shown(handbook: Handbook, group: str, key: str) -> str:
    """A vocabulary label in the handbook's language (vocab.SHOWN's group, e.g. 'regions', and its id)."""
    return handbook.ui[f"{group}:{key}"]


def listed(handbook: Handbook, items: list[str]) -> str:
    """Items joined by the language's comma (Arabic writes ،)."""
    return f"{handbook.ui['comma']} ".join(items)


def decades(years: tuple[int, int]) -> list[str]:
    """Decades a case was active in, as filter values like '1990s'."""
    return [f"{d}s" for d in range(years[0] // 10 * 10, years[1] // 10 * 10 + 1, 10)]


CASE_FILTERS = (  # (data attribute, label's word, vocabulary group, or None to show the values themselves)
    ("region", "region", "regions"),
    ("period", "period", None),
    ("track", "track", "tracks"),
    ("activities", "activity", "activity_types"),
    ("steps", "handbook_step", "steps"),
    ("outcome", "outcome", "outcomes"),
    ("women", "women", "women_roles"),
)


def case_filter_values(study: CaseStudy) -> dict[str, list[str]]:
    return {"region": [study.region], "period": decades(study.years), "track": [study.track],
            "activities": study.activities, "steps": study.steps, "outcome": [study.outcome],
            "women": [study.women]}


def _case_filters(handbook: Handbook, cases: list[CaseStudy]) -> str:
    """Filter controls, offered only for values that some case has. Hidden until the script runs."""
    words = handbook.ui
    controls = []
    for key, label, group in CASE_FILTERS:
        present = sorted({v for c in cases for v in case_filter_values(c)[key]})
        if group:
            present = [v for v in vocab.SHOWN[group] if v in present]  # vocabulary order
        options = "".join(f'<option value="{escape(v)}">{escape(shown(handbook, group, v) if group else v)}</option>'
                          for v in present)
        controls.append(f'<label>{escape(words[label])}<select data-filter="{key}"><option value="">'
                        f'{escape(words["any"])}</option>{options}</select></label>')
    return (f'<form class="t2-filters" hidden aria-label="{escape(words["filter_cases"])}">' + "".join(controls)
            + f'<button type="reset" class="md-button">{escape(words["show_all"])}</button></form>')


def case_table(handbook: Handbook, here: Here) -> str:
    """All cases as a plain table (readable without JavaScript) with filters that a script enables."""
    cases = sorted(handbook.cases.values(), key=lambda c: (c.years, c.title))
    rows = []
    for study in cases:
        data = "".join(f' data-{k}="{escape(" ".join(v))}"' for k, v in case_filter_values(study).items())
        rows.append(
            f"<tr{data}>"
            f'<td><a href="{url(here, study.page.path)}">{escape(study.title)}</a></td>'
            f"<td>{escape(shown(handbook, 'regions', study.region))}</td>"
            f"<td>{study.years[0]}–{study.years[1]}</td>"
            f"<td>{escape(shown(handbook, 'tracks', study.track))}</td>"
            f"<td>{escape(listed(handbook, [shown(handbook, 'activity_types', a) for a in study.activities]))}</td>"
            f"<td>{escape(shown(handbook, 'outcomes', study.outcome))}</td>"
            "</tr>")
    words = handbook.ui
    head = "".join(f'<th scope="col">{escape(words[h])}</th>'
                   for h in ("case", "region", "years", "track", "activities", "outcome"))
    # case-filter.js shows this count again when every case is shown, and "Showing %shown of %total" otherwise.
    return (_case_filters(handbook, cases)
            + f'<p class="t2-filter-status" role="status" aria-live="polite" '
              f'data-some="{escape(words["cases_showing"])}">{escape(words.counted("cases", len(rows)))}</p>'
            + f'<table class="t2-cases"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def case_facts(handbook: Handbook, here: Here, case_id: str) -> str:
    """The facts box shown at the top of a case page, generated from its metadata."""
    study: CaseStudy = _lookup(handbook.cases, case_id, "case study")
    facts = [
        ("region", shown(handbook, "regions", study.region)),
        ("countries", listed(handbook, study.countries)),
        ("years", f"{study.years[0]}–{study.years[1]}"),
        ("conflict", study.conflict),
        ("convened_by", "; ".join(study.convenors)),
        ("track", shown(handbook, "tracks", study.track)),
        ("activities", listed(handbook, [shown(handbook, "activity_types", a) for a in study.activities])),
        ("outcome", shown(handbook, "outcomes", study.outcome)),
        ("women", shown(handbook, "women_roles", study.women)),
    ]
    words = handbook.ui
    rows = "".join(f'<tr><th scope="row">{escape(words[k])}</th><td>{escape(v)}</td></tr>' for k, v in facts)
    steps = listed(handbook, [f'<a href="{url(here, _step_chapter_path(handbook, s))}">'
                              f'{escape(shown(handbook, "steps", s))}</a>' for s in study.steps])
    return (f'<table class="t2-facts"><caption>{escape(words["case_facts"])}</caption><tbody>{rows}'
            f'<tr><th scope="row">{escape(words["illustrates"])}</th><td>{steps}</td></tr></tbody></table>')


def case_timeline(handbook: Handbook, here: Here, case_id: str) -> str:
    """The case's timeline figure, shown under its facts box, with its events' sources cited."""
    study: CaseStudy = _lookup(handbook.cases, case_id, "case study")
    return figures.timeline(study, cite(handbook, here, *dict.fromkeys(e.source for e in study.events)), handbook.ui)


def figure(handbook: Handbook, here: Here, figure_id: str) -> str:
    """A concept diagram from docs/_data/figures.yml, with the works it draws on cited in its caption."""
    fig: Figure = _lookup(handbook.figures, figure_id, "figure")
    sources = cite(handbook, here, *fig.sources) if fig.sources else ""
    if here.printed and BY_CODE[fig.language].direction == "rtl":
        return figures.diagram_in_words(fig, sources)  # WeasyPrint draws SVG text letter by letter, unjoined
    return figures.diagram(fig, sources, handbook.language)


def blank(handbook: Handbook, here: Here, label: str, lines: str = "3") -> str:
    """A labelled space to write in: a ruled box on the page, a text field in the PDF, a box in Word."""
    count = vocab.blank_lines(lines)
    if count is None:
        raise ContentError(f"blank() lines must be a whole number from 1 to {vocab.BLANK_LINES[-1]}, like lines=\"4\"")
    return (f'\n\n<div class="t2-blank" data-lines="{count}"><p class="t2-blank__label">{escape(label)}</p>'
            f'<div class="t2-blank__space" style="--t2-lines: {count}"></div></div>\n\n')


def case_chart(handbook: Handbook, here: Here) -> str:
    return figures.case_chart(handbook, here)


def glossary_list(handbook: Handbook, here: Here) -> str:
    out = []
    letter = ""
    for entry in sorted(handbook.glossary.values(), key=lambda t: t.term.lower()):
        first = entry.term[0].upper()
        if first != letter:
            if letter:
                out.append("</dl>\n")
            letter = first
            out += [f"## {letter} {{ #letter-{letter.lower()} }}", "", '<dl class="t2-glossary">']
        words = handbook.ui
        also = (f' <span class="t2-also">{escape(labelled(words, "also_called"))} '
                f'{escape(listed(handbook, entry.also))}.</span>' if entry.also else "")
        see = ""
        if entry.see:
            related = listed(handbook, [f'<a href="#{s}">{escape(handbook.glossary[s].term)}</a>'
                                        for s in entry.see if s in handbook.glossary])
            see = f' <span class="t2-see">{escape(labelled(words, "see_also"))} {related}.</span>'
        out.append(f'<dt id="{escape(entry.id)}">{escape(entry.term)}</dt>'
                   f"<dd>{inline_markdown(entry.definition)}{also}{see}</dd>")
    if letter:
        out.append("</dl>")
    return "\n".join(out)


def _names(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _given_first(name: str) -> str:
    surname, _, given = name.partition(",")
    return f"{given.strip()} {surname.strip()}" if given else name


def format_reference(ref: Reference) -> str:
    """An author-date entry (Chicago-like), as escaped HTML."""
    authors = [ref.authors[0]] + [_given_first(a) for a in ref.authors[1:]]
    parts = [f"{escape(_names(authors))}. {ref.year}."]
    if ref.type in ("book", "report"):
        parts.append(f"<em>{escape(ref.title)}</em>.")
        if ref.edition:
            parts.append(f"{escape(ref.edition)}.")
    else:
        parts.append(f"“{escape(ref.title)}.”")
    if ref.type == "article":
        volume = escape(ref.volume or "")
        issue = f" ({escape(ref.issue)})" if ref.issue else ""
        pages = f": {escape(ref.pages.replace('-', '–'))}" if ref.pages else ""
        parts.append(f"<em>{escape(ref.container)}</em> {volume}{issue}{pages}.".replace(" .", "."))
    if ref.type == "chapter":
        editors = f", edited by {escape(_names([_given_first(e) for e in ref.editors]))}" if ref.editors else ""
        pages = f", {escape(ref.pages.replace('-', '–'))}" if ref.pages else ""
        parts.append(f"In <em>{escape(ref.container)}</em>{editors}{pages}.")
    if ref.publisher:
        place = f"{escape(ref.place)}: " if ref.place else ""
        parts.append(f"{place}{escape(ref.publisher)}.")
    if ref.url:
        parts.append(f'<a href="{escape(ref.url)}" rel="noopener">{escape(ref.url)}</a>')
    return " ".join(parts)


def reference_list(handbook: Handbook, here: Here) -> str:
    out = []
    for topic, label in vocab.REFERENCE_TOPICS.items():
        refs = sorted((r for r in handbook.references.values() if r.topic == topic),
                      key=lambda r: (r.authors[0].lower(), r.year, r.title))
        if not refs:
            continue
        out += [f"## {label} {{ #topic-{topic} }}", "", '<ul class="t2-references">']
        out += [f'<li id="{escape(r.key)}">{format_reference(r)}</li>' for r in refs]
        out += ["</ul>", ""]
    return "\n".join(out)


def checklist_index(handbook: Handbook, here: Here) -> str:
    out = []
    for step in vocab.STEPS:
        lists = sorted((c for c in handbook.checklists.values() if c.step == step), key=lambda c: c.title)
        if not lists:
            continue
        out += [f"## {escape(shown(handbook, 'steps', step))} {{ #{step} }}", "", '<ul class="t2-checklist-index">']
        out += [f'<li><a href="{url(here, checklist_page(c.id))}">{escape(c.title)}</a> '
                f'<span class="t2-count">({len(c.items)} items)</span>: {escape(c.summary)}</li>' for c in lists]
        out += ["</ul>", ""]
    return "\n".join(out)


def related_cases(handbook: Handbook, case_id: str, limit: int = 3) -> list[CaseStudy]:
    """Other cases ranked by shared metadata: activities weigh most, then steps, region and track."""
    study = handbook.cases[case_id]

    def score(other: CaseStudy) -> int:
        return (2 * len(set(study.activities) & set(other.activities)) + len(set(study.steps) & set(other.steps))
                + (study.region == other.region) + (study.track == other.track))

    others = [c for c in handbook.cases.values() if c.id != case_id and score(c) > 0]
    return sorted(others, key=lambda c: (-score(c), c.title))[:limit]


def case_links(handbook: Handbook, here: Here, case_id: str) -> str:
    """What a case illustrates (chapters, checklists) and related cases, from metadata only."""
    study: CaseStudy = _lookup(handbook.cases, case_id, "case study")
    out = ["## Where this case is used { #used-in }", ""]
    for step in study.steps:
        chapter = next((c for c in handbook.chapters.values() if c.step == step), None)
        lists = sorted((c for c in handbook.checklists.values() if c.step == step), key=lambda c: c.title)
        label = (f'<a href="{url(here, chapter.page.path)}">{escape(chapter.title)}</a>' if chapter
                 else escape(shown(handbook, "steps", step)))
        tools = "".join(f'<li><a href="{url(here, checklist_page(c.id))}">{escape(c.title)}</a> (checklist)</li>'
                        for c in lists)
        out.append(f"<p>{label}</p>" + (f"<ul>{tools}</ul>" if tools else ""))
    related = related_cases(handbook, case_id)
    if related:
        out += ["", "## Related cases { #related-cases }", "", "<ul>"]
        out += [f'<li><a href="{url(here, c.page.path)}">{escape(c.title)}</a>: {escape(c.summary)}</li>'
                for c in related]
        out.append("</ul>")
    return "\n".join(out)


def field_reference(handbook: Handbook, here: Here, kind: str) -> str:
    """The front matter (or data entry) fields of one content type, from the validator's own tables."""
    fields = schema.FIELD_TABLES.get(kind)
    if fields is None:
        raise ContentError(f"unknown content type '{kind}'")
    rows = []
    for f in fields:
        values = f"One of: {', '.join(f'<code>{escape(v)}</code>' for v in f.choices)}" if f.choices else ""
        rows.append(f"<tr><td><code>{escape(f.name)}</code></td><td>{'yes' if f.required else 'no'}</td>"
                    f"<td>{escape(f.doc)} {values}</td><td><code>{escape(f.example)}</code></td></tr>")
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Field", "Required", "What it holds", "Example"))
    return f'<table class="t2-fields"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def chapter_downloads(handbook: Handbook, here: Here, chapter_id: str) -> str:
    """A line under a chapter's title linking its printable versions."""
    chapter = _lookup(handbook.chapters, chapter_id, "chapter")
    words = handbook.ui
    links = [f'<a href="{download_url(here, HANDBOOK_FILE)}">{escape(words["handbook_pdf"])}</a>']
    if chapter.step and any(c.step == chapter.step for c in handbook.checklists.values()):
        links.insert(0, f'<a href="{download_url(here, toolkit_file(chapter.step))}">{escape(words["toolkit_pdf"])}</a>')
    return f'<p class="t2-downloads" data-search-exclude><strong>{escape(words["print"])}</strong> {" · ".join(links)}</p>'


def printable_downloads(handbook: Handbook, here: Here, page_path: str) -> str:
    """The line under a brief's, an aid's or a template's title linking its PDFs and its Word copy."""
    kind, files, words = printable(page_path), printable_files(page_path), handbook.ui
    what = words[f"print_{kind.kind}"]  # a template's PDF has fields to fill in on screen: it says so
    sheets = words.counted("pages_up_to" if kind.kind == "template" else "pages", kind.pages)
    return (f'<p class="t2-downloads" data-search-exclude><strong>{escape(what)}</strong> '
            f'({escape(sheets)}): '
            f'<a href="{download_url(here, files["a4"])}">{escape(words["pdf_a4"])}</a> · '
            f'<a href="{download_url(here, files["letter"])}">{escape(words["pdf_letter"])}</a> · '
            f'<strong>{escape(labelled(words, "adapt"))}</strong> <a href="{download_url(here, files["docx"])}">Word</a></p>')


def kit_choices(handbook: Handbook) -> list[tuple[str, list[tuple[str, dict[str, str]]]]]:
    """What a reader may put in a kit, in groups: (group, [(title, PDF paths by paper size)])."""
    groups = []
    for step, name in vocab.STEPS.items():
        lists = sorted((c for c in handbook.checklists.values() if c.step == step), key=lambda c: c.title)
        if lists:
            groups.append((f"Checklists: {name}", [(c.title, checklist_files(c.id)) for c in lists]))
    for kind in reversed(PRINTABLES):  # templates, then decision aids, then briefs
        pages = sorted((p for p in handbook.pages.values() if printable(p.path) == kind), key=lambda p: p.title)
        if pages:
            groups.append((kind.group, [(p.title, printable_files(p.path)) for p in pages]))
    return groups


def kit_builder(handbook: Handbook, here: Here) -> str:
    """The kit builder's form: every checklist, template, decision aid and brief as a checkbox carrying its
    PDFs' addresses, a paper size, and a button; assets/js/kit.js merges the chosen PDFs in the browser."""
    fieldsets = []
    for group, choices in kit_choices(handbook):
        boxes = "".join(f'<li><label><input type="checkbox" name="t2-kit-item" '
                        f'data-a4="{escape(download_url(here, files["a4"]))}" '
                        f'data-letter="{escape(download_url(here, files["letter"]))}" data-title="{escape(title)}"> '
                        f"{escape(title)}</label></li>" for title, files in choices)
        fieldsets.append(f'<fieldset class="t2-kit-group"><legend>{escape(group)}</legend><ul>{boxes}</ul></fieldset>')
    toolkits = " · ".join(f'<a href="{download_url(here, toolkit_file(step))}">{escape(name)}</a>'
                          for step, name in vocab.STEPS.items()
                          if any(c.step == step for c in handbook.checklists.values()))
    paper = "".join(f'<label><input type="radio" name="t2-kit-paper" value="{value}"{" checked" if value == "a4" else ""}> '
                    f"{label}</label> " for value, label in (("a4", "A4"), ("letter", "US Letter")))
    return (f'\n\n<div class="t2-kit" data-kit>'
            f'<p class="t2-kit-unavailable" data-kit-unavailable hidden><strong>This page cannot make a kit here.</strong> '
            f"Opened from disk (as in the offline bundle), a browser does not let a page read other files. "
            f"Print the step toolkits instead, each a ready-made kit: {toolkits}.</p>"
            f'<fieldset class="t2-kit-paper"><legend>Paper size</legend>{paper}</fieldset>'
            + "".join(fieldsets) +
            f'<p><button type="button" class="md-button" data-kit-make>Make my kit (PDF)</button></p>'
            f'<p class="t2-kit-status" data-kit-status role="status" aria-live="polite"></p></div>\n\n'
            f"<noscript><p><strong>The kit builder needs JavaScript.</strong> Download the files one by one from "
            f'<a href="{url(here, DOWNLOADS_PAGE)}">Toolkits and downloads</a>, or a step toolkit: {toolkits}.</p></noscript>\n\n')


def offline_controls(handbook: Handbook, here: Here) -> str:
    """The controls of the offline copy and of what the site keeps on the device (assets/js/offline.js)."""
    return ('\n\n<div class="t2-offline" data-offline hidden>'
            '<p class="t2-offline-unavailable" data-offline-unavailable hidden><strong>This browser cannot save '
            "the site from here.</strong> Saving needs the site from its web address, in a browser that keeps "
            "offline copies (any current browser). Opened from disk, as the offline bundle is, the site already "
            "works without a connection.</p>"
            '<p data-offline-size></p>'
            '<p><label><input type="checkbox" data-offline-downloads> Also save the PDFs and Word files</label></p>'
            '<p><button type="button" class="md-button" data-offline-save>Save for offline use'
            '</button> <button type="button" class="md-button" data-offline-remove>Remove the offline copy</button></p>'
            '<p class="t2-offline-status" data-offline-status role="status" aria-live="polite"></p>'
            '<p data-offline-stored></p>'
            '<p><button type="button" class="md-button" data-offline-clear>Clear everything this site stored'
            "</button></p></div>\n\n"
            "<noscript><p><strong>Saving for offline use needs JavaScript.</strong> Without it, download the "
            f'offline bundle from <a href="{url(here, DOWNLOADS_PAGE)}">Toolkits and downloads</a> instead. '
            "With JavaScript off, this site stores nothing on your device.</p></noscript>\n\n")


def human_size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def planned_downloads(handbook: Handbook) -> list[tuple[str, str, str]]:
    """(path under downloads/, title, group) of every printable or editable document, from the model."""
    steps = [s for s in vocab.STEPS if any(c.step == s for c in handbook.checklists.values())]
    docs = [(HANDBOOK_FILE, "The whole handbook", "Handbook")]
    for page in sorted((p for p in handbook.pages.values() if printable(p.path)), key=lambda p: p.path):
        files, group = printable_files(page.path), printable(page.path).group
        docs += [(files["a4"], f"{page.title} (A4)", group), (files["letter"], f"{page.title} (US Letter)", group),
                 (files["docx"], f"{page.title} (Word, to adapt)", group)]
    docs += [(toolkit_file(s), f"{vocab.STEPS[s]}: toolkit", "Toolkits") for s in steps]
    for checklist in sorted(handbook.checklists.values(), key=lambda c: (list(vocab.STEPS).index(c.step), c.title)):
        files = checklist_files(checklist.id)
        docs += [(files["a4"], f"{checklist.title} (A4)", "Checklists"),
                 (files["letter"], f"{checklist.title} (US Letter)", "Checklists"),
                 (files["docx"], f"{checklist.title} (Word, to adapt)", "Checklists to adapt"),
                 (files["md"], f"{checklist.title} (Markdown, to adapt)", "Checklists to adapt")]
    return docs


def downloads_table(handbook: Handbook, here: Here, manifest: dict, data_sizes: dict) -> str:
    """Every download with its size. PDF sizes come from the PDF step of the build (pdf_files.render_all)."""
    rows = []
    for path, title, group in planned_downloads(handbook):
        size = manifest.get(download_path(path, here.language), {}).get("bytes")
        rows.append((group, path, title, human_size(size) if size else "not built yet: run make site"))
    rows += [("Open data", f"data/{name}", name, human_size(size)) for name, size in sorted(data_sizes.items())]
    start = f"{language_root(here.language)}index.html"
    rows.append(("Offline", OFFLINE_BUNDLE, f"The whole site in this language with its downloads, to read from disk: "
                                            f"unzip it and open {start}", "—"))
    body = "".join(f'<tr><td>{escape(group)}</td><td><a href="{download_url(here, path)}">{escape(title)}</a></td>'
                   f"<td>{escape(size)}</td></tr>" for group, path, title, size in rows)
    head = "".join(f'<th scope="col">{h}</th>' for h in ("Kind", "File", "Size"))
    return f'<table class="t2-fields"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
