"""Open data: checklists and case studies as JSON and CSV, straight from the model."""

from __future__ import annotations

import csv
import io
import json

from macros.content import vocab
from macros.content.model import Handbook
from macros.content.schema import SLUG as SLUG_RE
from macros.paths import downloaded, printable, printable_files, site_path

SLUG = SLUG_RE.pattern


CHECKLIST_COLUMNS = ("checklist_id", "checklist_title", "checklist_version", "step", "section_id", "section_title",
                     "item_id", "must", "text", "note", "link")
CASE_COLUMNS = ("id", "title", "short", "summary", "region", "countries", "year_start", "year_end", "conflict",
                "convenors", "track", "activities", "steps", "outcome", "women", "sources", "version", "reviewed")
EVENT_COLUMNS = ("case_id", "date", "track", "what", "source")


def checklists_data(handbook: Handbook) -> list[dict]:
    return [{
        "id": c.id, "title": c.title, "step": c.step, "audience": c.audience, "used_by": c.used_by,
        "use_when": c.use_when, "summary": c.summary, "version": c.version, "reviewed": c.reviewed.isoformat(),
        "changes": c.changes, "intro": c.intro,
        "sections": [{"id": s.id, "title": s.title, "items": [
            {"id": i.id, "must": i.must, "text": i.text, "note": i.note, "link": i.link.target if i.link else None}
            for i in s.items]} for s in c.sections],
    } for c in sorted(handbook.checklists.values(), key=lambda c: c.id)]


def checklist_rows(handbook: Handbook) -> list[dict]:
    return [{"checklist_id": c["id"], "checklist_title": c["title"], "checklist_version": c["version"],
             "step": c["step"], "section_id": s["id"], "section_title": s["title"], "item_id": i["id"],
             "must": "yes" if i["must"] else "", "text": i["text"], "note": i["note"], "link": i["link"] or ""}
            for c in checklists_data(handbook) for s in c["sections"] for i in s["items"]]


def cases_data(handbook: Handbook) -> list[dict]:
    return [{
        "id": c.id, "title": c.title, "summary": c.summary, "region": c.region, "countries": c.countries,
        "year_start": c.years[0], "year_end": c.years[1], "conflict": c.conflict, "convenors": c.convenors,
        "track": c.track, "activities": c.activities, "steps": c.steps, "outcome": c.outcome,
        "women": c.women, "sources": c.sources, "version": c.version, "reviewed": c.reviewed.isoformat(),
        "short": c.short,
        "events": [{"date": e.date.iso(), "track": e.track, "what": e.what, "source": e.source} for e in c.events],
    } for c in sorted(handbook.cases.values(), key=lambda c: c.id)]


def case_rows(handbook: Handbook) -> list[dict]:
    joined = ("countries", "convenors", "activities", "steps", "sources")
    return [{k: "; ".join(v) if k in joined else v for k, v in case.items() if k in CASE_COLUMNS}
            for case in cases_data(handbook)]


def event_rows(handbook: Handbook) -> list[dict]:
    """One row per timeline event, in each case's order; dates as precise as the source (1993, 1993-09, 1993-09-29)."""
    return [{"case_id": case["id"], **event} for case in cases_data(handbook) for event in case["events"]]


def tools_data(handbook: Handbook) -> list[dict]:
    """The pages printed whole (briefs, decision aids, templates): where to read them, their PDFs and Word copy."""
    tools = []
    for page in sorted(handbook.pages.values(), key=lambda p: p.path):
        kind = printable(page.path)
        if kind:
            files = printable_files(page.path)
            tools.append({"id": page.path.rsplit("/", 1)[1].removesuffix(".md"), "kind": kind.kind,
                          "title": page.title, "summary": str(page.meta.get("summary", "")),
                          "page": site_path(page.path, False), "pages": kind.pages,
                          "pdf_a4": downloaded(files["a4"]), "pdf_letter": downloaded(files["letter"]),
                          "docx": downloaded(files["docx"])})
    return tools


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A cell a spreadsheet shows as text: one that starts like a formula gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def data_files(handbook: Handbook) -> dict[str, str]:
    """File name -> content for downloads/data/."""
    return {
        "checklists.json": to_json(checklists_data(handbook)),
        "checklists.csv": to_csv(checklist_rows(handbook), CHECKLIST_COLUMNS),
        "case-studies.json": to_json(cases_data(handbook)),
        "case-studies.csv": to_csv(case_rows(handbook), CASE_COLUMNS),
        "case-events.csv": to_csv(event_rows(handbook), EVENT_COLUMNS),
        "tools.json": to_json(tools_data(handbook)),
        "checklists.schema.json": to_json(checklists_schema()),
        "case-studies.schema.json": to_json(cases_schema()),
    }


def _enum(choices) -> dict:
    return {"type": "string", "enum": list(choices)}


def _strings(min_items: int = 0) -> dict:
    return {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": min_items}


def checklists_schema() -> dict:
    """JSON Schema of checklists.json, with the closed vocabularies of the model."""
    item = {"type": "object", "additionalProperties": False, "required": ["id", "must", "text", "note", "link"],
            "properties": {"id": {"type": "string", "pattern": SLUG}, "must": {"type": "boolean"},
                           "text": {"type": "string", "minLength": 1},
                           "note": {"type": "string"}, "link": {"type": ["string", "null"]}}}
    section = {"type": "object", "additionalProperties": False, "required": ["id", "title", "items"],
               "properties": {"id": {"type": "string", "pattern": SLUG}, "title": {"type": "string"},
                              "items": {"type": "array", "items": item, "minItems": 1}}}
    checklist = {"type": "object", "additionalProperties": False,
                 "required": ["id", "title", "step", "audience", "used_by", "use_when", "summary", "version",
                              "reviewed", "changes", "intro", "sections"],
                 "properties": {"id": {"type": "string", "pattern": SLUG}, "title": {"type": "string"},
                                "step": _enum(vocab.STEPS), "audience": {"type": "array", "items": _enum(vocab.AUDIENCES)},
                                "used_by": {"type": "string"}, "use_when": {"type": "string"},
                                "summary": {"type": "string"}, "version": {"type": "string"},
                                "reviewed": {"type": "string", "format": "date"}, "changes": {"type": "string"},
                                "intro": {"type": "string"},
                                "sections": {"type": "array", "items": section, "minItems": 1}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Track II Peacemaking Handbook checklists",
            "type": "array", "items": checklist}


def cases_schema() -> dict:
    """JSON Schema of case-studies.json, with the closed vocabularies of the model."""
    event = {"type": "object", "additionalProperties": False, "required": list(EVENT_COLUMNS[1:]),
             "properties": {"date": {"type": "string", "pattern": r"^\d{4}(-\d{2}){0,2}$"},
                            "track": _enum(vocab.EVENT_TRACKS), "what": {"type": "string", "minLength": 1},
                            "source": {"type": "string", "pattern": SLUG}}}
    case = {"type": "object", "additionalProperties": False, "required": [*CASE_COLUMNS, "events"],
            "properties": {"id": {"type": "string", "pattern": SLUG}, "title": {"type": "string"},
                           "short": {"type": "string", "minLength": 1},
                           "events": {"type": "array", "items": event, "minItems": 1},
                           "summary": {"type": "string"}, "region": _enum(vocab.REGIONS),
                           "countries": _strings(1), "year_start": {"type": "integer"},
                           "year_end": {"type": "integer"}, "conflict": {"type": "string"},
                           "convenors": _strings(1), "track": _enum(vocab.TRACKS),
                           "activities": {"type": "array", "items": _enum(vocab.ACTIVITIES), "minItems": 1},
                           "steps": {"type": "array", "items": _enum(vocab.STEPS), "minItems": 1},
                           "outcome": _enum(vocab.OUTCOMES), "women": _enum(vocab.WOMEN), "sources": _strings(1),
                           "version": {"type": "string"}, "reviewed": {"type": "string", "format": "date"}}}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Track II Peacemaking Handbook case studies",
            "type": "array", "items": case}
