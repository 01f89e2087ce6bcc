"""What every output says about a checklist beyond its items' own words: one wording for the site,
the PDFs, Word, Markdown and the open data, so a must-do item is marked the same way everywhere."""

from __future__ import annotations

from html import escape

from macros.content.model import Checklist, ChecklistItem

MUST_DO = "Must do"
MUST_DO_MEANS = ("not optional: leaving one undone can put someone in danger, break a promise of consent or "
                 "confidentiality, or break the law.")
MUST_DO_NOTE = f"Items marked {MUST_DO} are {MUST_DO_MEANS}"


# What a team writes beside each item when it uses a checklist for real: who does it, by when, and what
# shows it was done. Ruled blanks in the PDFs, a row of cells in the Word copy.
FOLLOW_UP = ("Owner", "Due", "Evidence")


def count_text(checklist: Checklist) -> str:
    """'14 items' or '14 items, 3 must do'."""
    items = checklist.items
    text = f"{len(items)} item{'' if len(items) == 1 else 's'}"
    must = sum(item.must for item in items)
    return f"{text}, {must} must do" if must else text


def has_must(checklist: Checklist) -> bool:
    return any(item.must for item in checklist.items)


def must_mark_html(item: ChecklistItem) -> str:
    """The mark before a must-do item's text in HTML (site and PDFs); empty for other items."""
    return f'<span class="t2-must">{MUST_DO}</span> ' if item.must else ""


def must_note_html(checklist: Checklist) -> str:
    """The line under a checklist's introduction explaining the mark, when the list has must-do items."""
    return (f'<p class="t2-must-note"><span class="t2-must">{MUST_DO}</span> {escape(MUST_DO_NOTE)}</p>'
            if has_must(checklist) else "")
