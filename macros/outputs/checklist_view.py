"""What every output says about a checklist beyond its items' own words: one wording for the site,
the PDFs, Word, Markdown and the open data, so a must-do item is marked the same way everywhere."""

from __future__ import annotations

from macros.content.model import Checklist

MUST_DO = "Must do"
MUST_DO_NOTE = ("Items marked Must do are not optional: leaving one undone can put someone in danger, "
                "break a promise of consent or confidentiality, or break the law.")


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
