#!/usr/bin/env python3
"""Start a new chapter, checklist or case study from a template with every required field marked.

Usage:
  python scripts/new.py chapter "Title" [--id ID] [--step STEP]
  python scripts/new.py checklist "Title" [--id ID] [--step STEP]
  python scripts/new.py case "Title" [--id ID]
  python scripts/new.py fields [--check FILE | --write FILE]

Every required field is written with a comment `# required: ...` taken from macros/content/schema.py, and
every section the validator requires is there with one instruction saying what to write in it.
Each instruction starts with 'Replace this:'. The new file is otherwise valid, so `make serve`
previews it at once; `make check` and the site build list every instruction not yet replaced, with
its line, and pass once all are gone. A new chapter is also added to the Handbook list under `nav:` in
mkdocs.yml (cases and checklists join the navigation by themselves). Existing files are never
overwritten: the command stops with exit code 2 and creates nothing.

`fields` prints the field reference of every content type as Markdown tables (for
CONTRIBUTING.md); `--check FILE` exits 1 when the copy between the markers
<!-- fields:start --> and <!-- fields:end --> in FILE is stale; `--write FILE` updates it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import unicodedata
from pathlib import Path

from _root import ROOT

from macros.content import schema
from macros.content import vocab
from macros.content.loader import load
from macros.checks.rules import CASE_SECTIONS, CHAPTER_SECTIONS, STEP_CHAPTER_SECTIONS, TEMPLATE_MARK, TEMPLATE_SECTIONS
from macros.paths import CASES_DIR, CHECKLISTS_DIR, DOCS, HANDBOOK_DIR, PRINTABLES

REFUSED = 2
MAX_ID_LENGTH = 60
START, END = "<!-- fields:start -->", "<!-- fields:end -->"

# Headings and instructions for the sections the validator requires (macros/checks/rules.py names the
# ids). A section id added there later still gets a heading, from its id, and a general instruction.
SECTION_TEXT = {
    "in-brief": ("In brief", "- List the three to six points a busy reader should take away, one short sentence each."),
    "who-this-chapter-is-for": ("Who this chapter is for",
                                "Say which readers this chapter serves and what they will be able to do after "
                                "reading it."),
    "what-to-read-next": ("What to read next",
                          "- Point readers to the chapter, checklist or case study that builds on this one."),
    "further-reading": ("Further reading",
                        "- Say in one line what this work offers readers, then cite it. {{ cite(\"%(key)s\") }}"),
    "context": ("Context", "Describe the conflict and the moment: who was fighting, over what, and what official "
                           "talks existed, citing a source for every fact."),
    "who-took-part": ("Who convened and who took part",
                      "Name the organisers and describe participants by role and side; name private people only "
                      "if they have made their part public themselves."),
    "what-they-did": ("What they did", "Tell what happened, in order, with dates: meetings, methods and how the "
                                       "work changed over time."),
    "what-came-of-it": ("What came of it", "Say what changed because of the effort, including for official talks, "
                                           "and how sure the sources are about it."),
    "disputed": ("What went wrong or remains disputed",
                 "Give the limits, failures and criticisms, and say where the sources disagree."),
    "lessons": ("Lessons for practitioners", "- Write each lesson as advice a practitioner can act on, in one or two "
                                             "sentences."),
    "sources": ("Sources", "- Say in one line what this source covers and why readers can rely on it, then cite "
                           "it. {{ cite(\"%(key)s\") }}"),
}

# Values that replace a field's schema example in a new file; anything else uses the example,
# so a required field added to macros/content/schema.py later still appears, with a valid value.
CHAPTER_SUMMARY = "Say in one or two sentences what the chapter helps the reader do."
CHECKLIST_SUMMARY = "Say in one sentence what the list helps you do."
CASE_SUMMARY = "Say in one or two sentences what happened."

FIELD_TITLES = {
    "chapter": "Chapters (`docs/handbook/<id>.md`)",
    "checklist": "Checklists (`checklists/<id>.md`)",
    "case": "Case studies (`docs/case-studies/<id>.md`)",
    "page": "Other pages (any other file under `docs/`)",
    "glossary": "Glossary entries (`docs/_data/glossary.yml`)",
    "reference": "References (`docs/_data/references.yml`)",
    "event": "Timeline events (each entry under a case's `events:`)",
    "figure": "Figures (`docs/_data/figures.yml`)",
}


class Refused(Exception):
    """Nothing was created; the message says why and what to do."""


# --- ids and YAML ----------------------------------------------------------------------------


def slugify(title: str) -> str:
    """ASCII, lowercase words joined by hyphens: 'Médiation à Genève' -> 'mediation-a-geneve'."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("'", "").replace("\u2019", "")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > MAX_ID_LENGTH:
        slug = slug[:MAX_ID_LENGTH].rsplit("-", 1)[0]
    return slug


def quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def comment(field: schema.Field, extra: str = "") -> str:
    label = "required" if field.required else "optional"
    text = f"# {label}: {field.doc}"
    if field.choices:
        text += f" {'Any' if field.kind == 'choices' else 'One'} of: {', '.join(field.choices)}."
    return f"{text} {extra}".rstrip()


def front_matter(fields: tuple[schema.Field, ...], values: dict[str, str], notes: dict[str, str]) -> str:
    """Required fields with their values; optional ones commented out unless given a value."""
    lines = []
    for field in fields:
        if field.required or field.name in values:
            value = values.get(field.name, field.example)
            if value.startswith("\n"):  # a block (a list of entries): the comment goes on the field's own line
                lines.append(f"{field.name}:  {comment(field, notes.get(field.name, ''))}{value}")
            else:
                lines.append(f"{field.name}: {value}  {comment(field, notes.get(field.name, ''))}")
        else:
            lines.append(f"# {field.name}: {field.example}  {comment(field)}")
    return "\n".join(lines)


# --- templates -------------------------------------------------------------------------------


def section(anchor: str, key: str) -> str:
    title, text = SECTION_TEXT.get(anchor, (anchor.replace("-", " ").capitalize(),
                                            "Write what readers need to know here, in your own words."))
    bullet, text = ("- ", text[2:]) if text.startswith("- ") else ("", text)
    return f"## {title} {{ #{anchor} }}\n\n{bullet}{instruction(text % {'key': key})}\n"


def instruction(text: str) -> str:
    """Template text the check reports until the contributor replaces it (macros/checks/rules.py)."""
    return f"{TEMPLATE_MARK} {text}"


def example_reference(handbook) -> str:
    """A real reference key for the templates' example citation: the schema's example if it exists."""
    example = next(f.example for f in schema.CASE_FIELDS if f.name == "sources")
    wanted = [key.strip() for key in example.strip("[]").split(",")]
    for key in wanted:
        if key in handbook.references:
            return key
    if not handbook.references:
        raise Refused("docs/_data/references.yml has no valid reference yet: add the work you will cite first")
    return next(iter(handbook.references))


def chapter(args, handbook, today: dt.date) -> dict[str, str]:
    key = example_reference(handbook)
    values = {"id": args.id, "title": quoted(args.title), "summary": quoted(instruction(CHAPTER_SUMMARY)),
              "reviewed": today.isoformat(), "render_macros": "true"}
    if args.step:
        values["step"] = args.step
    head = ("# New chapter. Fill in each field; the comments say what it holds and can stay or go.\n"
            "# Add your own sections between 'In brief' and the closing sections, each written\n"
            "# '## Heading that says what the section tells { #short-id }'.\n")
    sections = CHAPTER_SECTIONS[:1] + (STEP_CHAPTER_SECTIONS if args.step else ()) + CHAPTER_SECTIONS[1:]
    body = "\n".join(section(anchor, key) for anchor in sections)
    text = f"---\n{head}{front_matter(schema.CHAPTER_FIELDS, values, {})}\n---\n\n{body}"
    return {f"{HANDBOOK_DIR}/{args.id}.md": text}


# The scaffold's timeline: the fewest events a case may have, each saying what a reader needs from it.
EVENT_PROMPTS = (("II", "when and where the effort began"), ("II", "a key meeting or turning point"),
                 ("I", "what the official track did"), ("I", "the outcome"), ("other", "a setback, or the end"))


def events_block(year: int, key: str) -> str:
    """Timeline events to replace, in the order and fields the schema wants (schema.EVENT_FIELDS)."""
    return "".join(f"\n  - date: {year}\n    track: {track}\n    what: {quoted(instruction(prompt))}"
                   f"\n    source: {key}" for track, prompt in EVENT_PROMPTS)


def case(args, handbook, today: dt.date) -> dict[str, str]:
    key = example_reference(handbook)
    year = today.year
    values = {"id": args.id, "title": quoted(args.title), "summary": quoted(instruction(CASE_SUMMARY)),
              "countries": "[" + quoted(instruction("name each country involved")) + "]",
              "years": f"[{year}, {year}]",
              "conflict": quoted(instruction("give the conflict its common name")),
              "convenors": "[" + quoted(instruction("name who convened it")) + "]",
              "sources": f"[{key}]", "version": '"1.0"', "reviewed": today.isoformat(),
              "short": quoted(instruction("short label")), "events": events_block(year, key),
              "changes": quoted("1.0: first published version"), "render_macros": "true"}
    notes = {"sources": f"'{key}' is only an example: replace it with the works this "
                        "case draws on, and cite each under Sources.",
             "years": "Replace with the real years.",
             "events": "Date each as precisely as its source, in order, and add up to seven more.",
             "region": "Choose the right one.", "track": "Choose the right one.",
             "activities": "Choose the right ones.", "steps": "Choose the right ones.",
             "outcome": "Choose the right one.", "women": "Choose the one the case text shows."}
    head = ("# New case study. Fill in each field; the comments say what it holds and can stay or go.\n"
            "# Keep the seven sections below, in this order, and replace each instruction with the case.\n")
    body = "\n".join(section(anchor, key) for anchor in CASE_SECTIONS)
    text = f"---\n{head}{front_matter(schema.CASE_FIELDS, values, notes)}\n---\n\n{body}"
    return {f"{CASES_DIR}/{args.id}.md": text}


def item_prefix(checklist_id: str, handbook) -> str:
    """Item ids are unique across checklists: initials of the id, or the whole id if taken."""
    initials = "".join(word[0] for word in checklist_id.split("-"))
    used = {item.id.split("-")[0] for c in handbook.checklists.values() for item in c.items}
    return initials if len(initials) > 1 and initials not in used else checklist_id


def handbook_link(step: str, handbook) -> str:
    """A real chapter section for the example item's explaining link: in the step's chapter if any."""
    standard = set(CHAPTER_SECTIONS + STEP_CHAPTER_SECTIONS)
    chapters = sorted(handbook.chapters.values(), key=lambda c: (c.step != step, c.id))
    for chapter_ in chapters:
        for heading in chapter_.page.headings:
            if heading.level == 2 and heading.anchor not in standard:
                return f"[{heading.title}](../{chapter_.page.path}#{heading.anchor})"
    raise Refused("the handbook has no chapter yet for a checklist item to link to: add a chapter first")


def checklist(args, handbook, today: dt.date) -> dict[str, str]:
    step = args.step or next(f.example for f in schema.CHECKLIST_FIELDS if f.name == "step")
    values = {"id": args.id, "title": quoted(args.title), "step": step, "summary": quoted(instruction(CHECKLIST_SUMMARY)),
              "used-by": quoted(instruction("say who ticks the boxes, like: the convening team")),
              "use-when": quoted(instruction("say when to use it, like: before any invitation goes out")),
              "version": '"1.0"', "reviewed": today.isoformat(), "changes": quoted("1.0: first published version")}
    prefix = item_prefix(args.id, handbook)
    head = ("# New checklist, shown on docs/checklists/<id>.md. Fill in each field; the comments say what\n"
            "# it holds and can stay or go. Item ids are unique across all checklists and never change.\n")
    body = (f"{instruction('say in two or three sentences when to use this checklist and who should work through it.')}"
            f"\n\n## Before you start {{ #before-you-start }}\n\n"
            f"- [ ] `{prefix}-first-item` {instruction('write each item as one action that starts with a verb.')}\n"
            f"  {instruction('add a note saying why the item matters, then link the handbook section that explains it.')} "
            f"{handbook_link(step, handbook)}\n")
    text = f"---\n{head}{front_matter(schema.CHECKLIST_FIELDS, values, {})}\n---\n\n{body}"
    page = f"---\nrender_macros: true\n---\n\n{{{{ checklist(\"{args.id}\") }}}}\n"
    return {f"{CHECKLISTS_DIR}/{args.id}.md": text, f"docs/checklists/{args.id}.md": page}


def template(args, handbook, today: dt.date) -> dict[str, str]:
    """A template page: its blank form, how to use it and an example filled in (rules.TEMPLATE_SECTIONS)."""
    title = args.title if args.title.startswith(TEMPLATE_TITLE) else TEMPLATE_TITLE + args.title
    folder = next(p.folder for p in PRINTABLES if p.kind == "template")
    form, use, example = TEMPLATE_SECTIONS.values()
    text = (f"---\ntitle: {quoted(title)}\nsummary: {quoted(instruction('say in one sentence what it is for and who fills it in.'))}\n"
            f"reviewed: {today.isoformat()}\nrender_macros: true\n---\n\n# {title}\n\n"
            f"{instruction('say what it is for, who fills it in and when, and how to keep a filled copy safe.')}\n\n"
            f"{form}\n\n### First part {{ #first-part }}\n\n{instruction('say in one line what to write here.')}\n\n"
            f'{{{{ blank("{TEMPLATE_MARK} the question the reader answers here", lines="3") }}}}\n\n'
            f"{use}\n\n- {instruction('say what people get wrong, who must see it and what never to write in it.')}\n\n"
            f"{example}\n\n{instruction('fill in the same parts as a real team would, and say why in a few notes.')}\n")
    return {f"{DOCS}/{folder}/{args.id}.md": text}


TEMPLATE_TITLE = "Template: "
TEMPLATES = {"chapter": chapter, "checklist": checklist, "case": case, "template": template}
NAV_LISTS = {"chapter": "Handbook", "template": "Templates"}  # the nav list each new page joins


# --- navigation ------------------------------------------------------------------------------

NAV = re.compile(r"^nav:\s*(#.*)?$")

ITEM_LINE = re.compile(r"^(\s*)- ")


def add_to_nav(config: str, entry: str, section: str = "Handbook") -> str:
    """mkdocs.yml with `- entry` appended to the nav's list called `section`; comments and layout kept."""
    heading = re.compile(rf"^(\s*)- {re.escape(section)}:\s*(#.*)?$")
    lines = config.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if NAV.match(line)), None)
    found = next((i for i in range(start + 1, len(lines)) if heading.match(lines[i])), None) \
        if start is not None else None
    if found is None:
        raise Refused(f"mkdocs.yml has no '- {section}:' list under 'nav:': add the page there by hand")
    outer = len(heading.match(lines[found]).group(1))
    last, indent = found, None
    for i in range(found + 1, len(lines)):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        depth = len(line) - len(line.lstrip())
        if depth <= outer:
            break
        item = ITEM_LINE.match(line)
        if item and indent is None:
            indent = len(item.group(1))
        if line.strip() == f"- {entry}" or line.rstrip().endswith(f": {entry}"):
            return config  # already listed
        last = i
    if indent is None:
        raise Refused(f"the {section} list under 'nav:' in mkdocs.yml is empty or not a list: "
                      "add the page there by hand")
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    lines.insert(last + 1, f"{' ' * indent}- {entry}\n")
    return "".join(lines)


# --- commands --------------------------------------------------------------------------------


def create(args, root: Path) -> int:
    if args.id is None:
        args.id = slugify(args.title)
        if not args.id:
            raise Refused(f"cannot make an id from the title {args.title!r}: give one with --id, like --id my-case")
    if not schema.SLUG.match(args.id):
        raise Refused(f"id '{args.id}' must be lowercase ASCII words joined by hyphens, like participant-selection")
    if not args.title.strip():
        raise Refused("the title is empty: write it in quotes, like \"Selecting participants\"")
    handbook, _ = load(root)
    files = TEMPLATES[args.kind](args, handbook, dt.date.today())
    taken = [name for name in files if (root / name).exists() or (root / name).is_symlink()]
    if taken:
        raise Refused("; ".join(f"{name} already exists" for name in taken) + ": nothing was created. "
                      "Edit the existing file, or choose another title or --id")
    config_path = root / "mkdocs.yml"
    config = None
    if args.kind in NAV_LISTS:
        entry = next(iter(files)).removeprefix(f"{DOCS}/")
        config = add_to_nav(config_path.read_text(encoding="utf-8"), entry, NAV_LISTS[args.kind])
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(text)
        print(f"new: created {name}")
    if config is not None and config != config_path.read_text(encoding="utf-8"):
        config_path.write_text(config, encoding="utf-8")
        print(f"new: added {entry} to the {NAV_LISTS[args.kind]} list under nav: in mkdocs.yml")
    main_file = next(iter(files))
    print(f"""
Next steps:
  1. Open {main_file}: fill in each field (the comments say what it holds) and replace
     every line's 'Replace this: ...' instruction with your own text, citing a source for every fact.
  2. make serve    preview at http://127.0.0.1:8000 while you write
  3. make check    lists each instruction still to replace and any other problem as
                   'path:line: message'; when it prints 'check: ok' the file is ready
  4. Commit, push and open a pull request (see CONTRIBUTING.md).""")
    return 0


def field_tables() -> str:
    """Markdown tables of every content type's fields, from macros/content/schema.py."""
    parts = []
    for kind, fields in schema.FIELD_TABLES.items():
        rows = ["| Field | Required | What it holds | Example |", "| --- | --- | --- | --- |"]
        for f in fields:
            holds = f.doc
            if f.choices:
                holds += f" {'Any' if f.kind == 'choices' else 'One'} of: {', '.join(f'`{c}`' for c in f.choices)}."
            cells = (f"`{f.name}`", "yes" if f.required else "no", holds, f"`{f.example}`")
            rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        parts.append(f"### {FIELD_TITLES.get(kind, kind.capitalize())}\n\n" + "\n".join(rows) + "\n")
    return "\n".join(parts)


def between_markers(text: str) -> tuple[int, int] | None:
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        return None
    return start + len(START), end


def fields(args) -> int:
    generated = field_tables()
    target = args.check or args.write
    if target is None:
        sys.stdout.write(generated)
        return 0
    text = target.read_text(encoding="utf-8")
    span = between_markers(text)
    if span is None:
        print(f"{target}: no field reference section: add the lines {START} and {END} where it belongs, "
              f"then run: python scripts/new.py fields --write {target}", file=sys.stderr)
        return 1
    current = text[span[0]:span[1]]
    if args.check:
        if current.strip() == generated.strip():
            print(f"{target}: field reference is current")
            return 0
        print(f"{target}: the field reference between {START} and {END} is out of date with "
              f"macros/content/schema.py: run: python scripts/new.py fields --write {target}", file=sys.stderr)
        return 1
    target.write_text(text[:span[0]] + "\n\n" + generated + "\n" + text[span[1]:], encoding="utf-8")
    print(f"{target}: field reference {'unchanged' if current.strip() == generated.strip() else 'updated'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     epilog="Example: python scripts/new.py case \"The Oslo back channel (1992-1993)\"")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="chapter|checklist|case|template|fields")
    for kind, what in (("chapter", "a handbook chapter"), ("checklist", "a checklist and its page"),
                       ("case", "a case study"), ("template", "a template to fill in, with its example")):
        sub = kinds.add_parser(kind, help=f"create {what}")
        sub.add_argument("title", help="the title readers see, in quotes")
        sub.add_argument("--id", help="stable id (default: made from the title)")
        if kind in ("chapter", "checklist"):
            sub.add_argument("--step", choices=list(vocab.STEPS),
                             help="the handbook step" + (" (a step chapter gets two more sections)"
                                                         if kind == "chapter" else ""))
    sub = kinds.add_parser("fields", help="print the field reference of every content type as Markdown")
    group = sub.add_mutually_exclusive_group()
    group.add_argument("--check", type=Path, metavar="FILE", help="exit 1 if FILE's field reference is stale")
    group.add_argument("--write", type=Path, metavar="FILE", help="update FILE's field reference in place")
    args = parser.parse_args(argv)
    if args.kind == "fields":
        return fields(args)
    try:
        return create(args, args.root.resolve())
    except Refused as refusal:
        print(f"new: {refusal}", file=sys.stderr)
        return REFUSED


if __name__ == "__main__":
    sys.exit(main())
