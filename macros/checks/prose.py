"""Prose statistics for editors: words, sentences and a reading-ease score per page.

Plain language is the aim. The Flesch reading ease score (higher is easier; 50-60 reads like a
quality newspaper) and the share of sentences over 30 words point editors at the hardest passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from macros.content.model import Handbook

MACRO = re.compile(r"\{\{\s*(\w+)\((.*?)\)\s*\}\}")
LONG_SENTENCE = 30


@dataclass(frozen=True)
class ProseStats:
    path: str
    words: int
    sentences: int
    long_sentences: int
    reading_ease: float

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0


def _macro_text(match: re.Match, handbook: Handbook) -> str:
    """What a reader sees in place of a macro, near enough for counting words."""
    name, args = match.group(1), re.findall(r'"([^"]*)"', match.group(2))
    if name == "cite":
        return ""
    if len(args) > 1 and name != "cite":
        return args[1]
    if name == "term" and args and args[0] in handbook.glossary:
        return handbook.glossary[args[0]].term
    return "the linked section"


def readable_text(markdown: str, handbook: Handbook) -> str:
    """Body text with markup, macros, headings, tables and code removed."""
    text = MACRO.sub(lambda m: _macro_text(m, handbook), markdown)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    lines = [line for line in text.split("\n")
             if not line.lstrip().startswith(("#", "|", "!!!", "???")) and line.strip()]
    text = "\n".join(lines)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`>]|^\s*(?:[-+]|\d+\.)\s+", " ", text, flags=re.M)
    return text


def syllables(word: str) -> int:
    word = word.lower().strip("'")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and not word.endswith(("le", "ee")) and len(groups) > 1 else 0)
    return max(1, count)


WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def sentences(markdown: str, handbook: Handbook) -> list[str]:
    """The sentences a reader meets. They end at . ! ? or a line break (list items and table cells count)."""
    text = readable_text(markdown, handbook)
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if re.search(r"[A-Za-z]", s)]


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def stats(path: str, markdown: str, handbook: Handbook) -> ProseStats:
    text = readable_text(markdown, handbook)
    found = sentences(markdown, handbook)
    words = WORD.findall(text)
    if not found or not words:
        return ProseStats(path, 0, 0, 0, 0.0)
    sentence_words = [word_count(s) for s in found]
    ease = 206.835 - 1.015 * (len(words) / len(found)) - 84.6 * (sum(map(syllables, words)) / len(words))
    return ProseStats(path, len(words), len(found), sum(n > LONG_SENTENCE for n in sentence_words), round(ease, 1))


def handbook_stats(handbook: Handbook) -> list[ProseStats]:
    """Stats for every chapter and case study, in file order."""
    pages = [c.page for c in handbook.chapters.values()] + [c.page for c in handbook.cases.values()]
    return [stats(p.path, p.body, handbook) for p in sorted(pages, key=lambda p: p.path)]
