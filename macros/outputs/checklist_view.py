"""What every output says about a checklist beyond its items' own words: one wording for the site,
the PDFs, Word, Markdown and the open data, so a must-do item is marked the same way everywhere."""

from __future__ import annotations

from html import escape

from macros.content.model import Checklist, ChecklistItem, Words


# What a team writes beside each item when it uses a checklist for real: who does it, by when, and what
# shows it was done. Ruled blanks in the PDFs, a row of cells in the Word copy. These ids name the PDF
# fields in every language (item-id__owner); the labels are the site's words of the same keys.
FOLLOW_UP = ("owner", "due", "evidence")


def count_text(checklist: Checklist, words: Words) -> str:
    """'14 items' or '14 items, 3 must do'."""
    items = checklist.items
    must = sum(item.must for item in items)
    text = words.counted("items", len(items))
    return f"{text}{words['comma']} {words.counted('must', must)}" if must else text


def labelled(words: Words, key: str) -> str:
    """A label as it stands before its value: "Use it:" ("À utiliser :" in French)."""
    return words[key] + words["colon"]


def version_line(checklist: Checklist, words: Words) -> str:
    """Version, review date and counts, in one line of plain text: "version 2.0, reviewed 5 December 2026 · 24 items"."""
    return (f"{words['version']} {checklist.version}{words['comma']} {words['reviewed_lower']} "
            f"{words.date(checklist.reviewed)} · {count_text(checklist, words)}")


def has_must(checklist: Checklist) -> bool:
    return any(item.must for item in checklist.items)


def must_mark_html(item: ChecklistItem, words: Words) -> str:
    """The mark before a must-do item's text in HTML (site and PDFs); empty for other items."""
    return f'<span class="t2-must">{escape(words["must_do"])}</span> ' if item.must else ""


def must_note_html(checklist: Checklist, words: Words) -> str:
    """The line under a checklist's introduction explaining the mark, when the list has must-do items."""
    return (f'<p class="t2-must-note"><span class="t2-must">{escape(words["must_do"])}</span> '
            f'{escape(words["must_do_note"])}</p>' if has_must(checklist) else "")
