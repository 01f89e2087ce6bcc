"""The term base of each language (docs/<language>/_data/terms.yml) and the rules it sets.

One entry per concept: the English term, the one form to use (`target`), accepted inflections
(`variants`), forms not to use (`avoid`) and, for a glossary term, its glossary `id`. The rules:
the term base is consistent (no form it asks for is also one it forbids; every glossary term has
an entry); the translated glossary names each term by its term-base form; the words a translated page
shows for a glossary term (the second argument of term()) use one of its forms; and no page shows a
form the term base forbids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from macros.content.model import Handbook
from macros.content.problems import Problem
from macros.content.source import LineDict, LineList, load_yaml, read_text
from macros.paths import translation_file

TERMS_FILE = "docs/_data/terms.yml"  # its translations hold the term bases; English has none
SHOWN_TEXT = {"term", "xref", "case", "checklist_link"}  # macros whose second argument readers read
LINK_TARGET = re.compile(r"\]\([^)]*\)")
ATTRIBUTES = re.compile(r"\{[:\s]*[#.][^}]*\}")


@dataclass(frozen=True)
class Term:
    en: str
    target: str
    line: int
    id: str | None = None
    variants: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.target, *self.variants)


@dataclass
class TermBase:
    file: str
    terms: list[Term] = field(default_factory=list)

    def by_id(self, term_id: str) -> Term | None:
        return next((t for t in self.terms if t.id == term_id), None)


def load_term_base(root: Path, language: str) -> tuple[TermBase | None, list[Problem]]:
    file = translation_file(language, TERMS_FILE)
    if not (root / file).exists():
        return None, []
    text, problems = read_text(root / file, root)
    data, more = load_yaml(file, text, 1) if text is not None else (None, [])
    problems += more
    if problems:
        return None, problems
    if not isinstance(data, LineList):
        return None, [Problem(file, 1, "the term base is a YAML list of entries '- en: ...' with target, variants, avoid")]
    base = TermBase(file)
    for entry, line in zip(data, data.lines):
        if not isinstance(entry, LineDict) or not all(isinstance(entry.get(k), str) for k in ("en", "target")):
            problems.append(Problem(file, line, "each entry needs 'en:' (the English term) and 'target:' (the form to use)"))
            continue
        base.terms.append(Term(entry["en"], entry["target"], line, entry.get("id"),
                               tuple(map(str, entry.get("variants") or ())), tuple(map(str, entry.get("avoid") or ()))))
    return base, problems


def _fold(text: str) -> str:
    return text.casefold()


def _contains(text: str, form: str) -> bool:
    """Whether the text holds the form as words (Arabic joins prefixes such as ال or و to a word, so
    only the end of an Arabic form must fall on a word boundary)."""
    arabic = re.search(r"[\u0600-\u06FF]", form)
    start = "" if arabic else r"(?<![\w-])"
    # After the preposition li-, Arabic writes the article al- as l- (الرصد -> للرصد).
    forms = [form, "ل" + form[1:]] if arabic and form.startswith("ال") else [form]
    return any(re.search(start + re.escape(_fold(f)) + r"(?![\w-])", _fold(text)) for f in forms)


def consistency_problems(base: TermBase, english: Handbook) -> list[Problem]:
    problems = []
    asked = {_fold(form): term for term in base.terms for form in term.forms}
    for term in base.terms:
        for form in term.avoid:
            other = asked.get(_fold(form))
            if other:
                problems.append(Problem(base.file, term.line, f"'{form}' is to be avoided for '{term.en}' but is a form of "
                                                              f"'{other.en}' (line {other.line}): remove it from avoid"))
        if term.id and term.id not in english.glossary:
            problems.append(Problem(base.file, term.line, f"id '{term.id}' is not a glossary id"))
    covered = {term.id for term in base.terms}
    for term_id in sorted(set(english.glossary) - covered):
        problems.append(Problem(base.file, 1, f"glossary term '{term_id}' has no entry: add '- id: {term_id}' with "
                                              f"en: {english.glossary[term_id].term}, target and variants"))
    return problems


def shown_text(page_parts: list) -> str:
    """What readers read of a page: its text without link targets and attribute lists, plus the words
    macro calls show."""
    text = [LINK_TARGET.sub("]", ATTRIBUTES.sub("", part)) for part in page_parts if isinstance(part, str)]
    text += [part.args[1] for part in page_parts if not isinstance(part, str) and part.name in SHOWN_TEXT
             and len(part.args) > 1]
    return "\n".join(text)


def _line_showing(text: str, form: str) -> int:
    """The first line of a file that shows the form to readers (1 if none does on its own)."""
    return next((number for number, line in enumerate(text.split("\n"), start=1)
                 if _contains(LINK_TARGET.sub("]", ATTRIBUTES.sub("", line)), form)), 1)


def usage_problems(base: TermBase, english: Handbook, book: Handbook) -> list[Problem]:
    """The translated glossary and pages against the term base."""
    problems = []
    glossary = book.translations.get("docs/_data/glossary.yml")
    for term in base.terms:
        entry = book.glossary.get(term.id) if term.id else None
        if glossary and entry and not any(_fold(entry.term) == _fold(f) or _contains(entry.term, f) for f in term.forms):
            problems.append(Problem(glossary.file, 1, f"glossary term '{term.id}' is '{entry.term}': the term base "
                                                      f"({base.file}:{term.line}) asks for '{term.target}'"))
    for path, translation in sorted(book.translations.items()):
        page = book.pages.get(path)
        if page is None:
            continue
        if translation.summary_only:  # only the case's title, summary and facts are translated
            problems += _avoided_forms(base, translation.file, _case_words(book, path),
                                       (Path(book.root) / translation.file).read_text(encoding="utf-8"))
            continue
        for call, english_call in zip(page.calls, english.pages[path].calls):
            term = base.by_id(call.args[0]) if call.name == "term" and len(call.args) > 1 else None
            # Where the English names the term in full, so does the translation; where it shortens it
            # ("Consent" for informed consent), the translation may too.
            full = len(english_call.args) < 2 or _contains(english_call.args[1], term.en) if term else False
            if full and not any(_contains(call.args[1], form) for form in term.forms):
                problems.append(Problem(translation.file, call.line, f"term('{call.args[0]}', '{call.args[1]}'): "
                                        f"use the term base's '{term.target}' or one of {list(term.variants)}"))
        text = shown_text(page.parts) if page.macros else page.body
        problems += _avoided_forms(base, translation.file, text, book.texts[path])
    return problems


def _case_words(book: Handbook, path: str) -> str:
    case = next(c for c in book.cases.values() if c.page.path == path)
    return " ".join([case.title, case.summary, case.short, case.conflict, *case.countries])


def _avoided_forms(base: TermBase, file: str, text: str, source: str) -> list[Problem]:
    """Every form the term base avoids that `text` (what readers read) shows, at its line in `source`."""
    return [Problem(file, _line_showing(source, form), f"'{form}' is a form the term base ({base.file}:{term.line}) "
                                                       f"avoids for '{term.en}': write '{term.target}'")
            for term in base.terms for form in term.avoid if _contains(text, form)]


def term_base_problems(english: Handbook, book: Handbook) -> list[Problem]:
    base, problems = load_term_base(Path(english.root), book.language)
    if base is None:
        return problems
    return problems + consistency_problems(base, english) + usage_problems(base, english, book)
