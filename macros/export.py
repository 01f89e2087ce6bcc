"""Open data: checklists and case studies as JSON and CSV, straight from the model."""

from __future__ import annotations

import csv
import io
import json

from .model import Handbook

CHECKLIST_COLUMNS = ("checklist_id", "checklist_title", "checklist_version", "step", "section_id", "section_title",
                     "item_id", "text", "note", "link")
CASE_COLUMNS = ("id", "title", "summary", "region", "countries", "year_start", "year_end", "conflict", "convenors",
                "track", "activities", "steps", "outcome", "sources", "version", "reviewed")


def checklists_data(handbook: Handbook) -> list[dict]:
    return [{
        "id": c.id, "title": c.title, "step": c.step, "audience": c.audience, "used_by": c.used_by,
        "use_when": c.use_when, "summary": c.summary, "version": c.version, "reviewed": c.reviewed.isoformat(),
        "changes": c.changes, "intro": c.intro,
        "sections": [{"id": s.id, "title": s.title, "items": [
            {"id": i.id, "text": i.text, "note": i.note, "link": i.link.target if i.link else None}
            for i in s.items]} for s in c.sections],
    } for c in sorted(handbook.checklists.values(), key=lambda c: c.id)]


def checklist_rows(handbook: Handbook) -> list[dict]:
    return [{"checklist_id": c["id"], "checklist_title": c["title"], "checklist_version": c["version"],
             "step": c["step"], "section_id": s["id"], "section_title": s["title"], "item_id": i["id"],
             "text": i["text"], "note": i["note"], "link": i["link"] or ""}
            for c in checklists_data(handbook) for s in c["sections"] for i in s["items"]]


def cases_data(handbook: Handbook) -> list[dict]:
    return [{
        "id": c.id, "title": c.title, "summary": c.summary, "region": c.region, "countries": c.countries,
        "year_start": c.years[0], "year_end": c.years[1], "conflict": c.conflict, "convenors": c.convenors,
        "track": c.track, "activities": c.activities, "steps": c.steps, "outcome": c.outcome,
        "sources": c.sources, "version": c.version, "reviewed": c.reviewed.isoformat(),
    } for c in sorted(handbook.cases.values(), key=lambda c: c.id)]


def case_rows(handbook: Handbook) -> list[dict]:
    joined = ("countries", "convenors", "activities", "steps", "sources")
    return [{k: "; ".join(v) if k in joined else v for k, v in case.items()} for case in cases_data(handbook)]


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def data_files(handbook: Handbook) -> dict[str, str]:
    """File name -> content for downloads/data/."""
    return {
        "checklists.json": to_json(checklists_data(handbook)),
        "checklists.csv": to_csv(checklist_rows(handbook), CHECKLIST_COLUMNS),
        "case-studies.json": to_json(cases_data(handbook)),
        "case-studies.csv": to_csv(case_rows(handbook), CASE_COLUMNS),
    }
