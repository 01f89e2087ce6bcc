"""Line-oriented scanning of contributor Markdown: headings, links, raw HTML.

Not a Markdown parser: it finds the constructs the validator must check, skipping fenced code
blocks and inline code, and reports each with its file line.
"""

from __future__ import annotations

import re
from typing import Iterator

from markdown.extensions.toc import slugify

from macros.content.model import Heading, Link

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
ATTR_ID = re.compile(r"\s*\{\s*#([A-Za-z0-9_-]+)\s*\}\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
INLINE_LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+\"[^\"]*\")?\s*\)")
REF_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$")
HTML_TAG = re.compile(r"<\s*(/?)([A-Za-z][A-Za-z0-9-]*)((?:\s[^>]*)?/?)>")  # not <https://...> autolinks
EVENT_ATTR = re.compile(r"\bon[a-z]+\s*=", re.I)
COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
AUTOLINK = re.compile(r"<((?:https?|mailto|javascript|data|file|vbscript):[^>\s]*)>", re.I)

# Inline HTML a contributor may use; everything else is written in Markdown.
ALLOWED_TAGS = {"abbr", "b", "br", "cite", "del", "details", "div", "em", "i", "ins", "kbd", "mark", "q", "s",
                "small", "span", "strong", "sub", "summary", "sup", "u", "wbr"}
ALLOWED_ATTRS = {"title", "lang", "dir", "class", "markdown"}


def slug(title: str) -> str:
    """The anchor MkDocs' toc extension derives from a heading without an explicit id."""
    return slugify(strip_inline(title), "-")


def strip_inline(text: str) -> str:
    """Heading text as readers see it: no Markdown emphasis, code ticks or link syntax."""
    text = INLINE_LINK.sub(lambda m: m.group(2), text)
    return re.sub(r"[*_`]", "", text).strip()


def code_free_lines(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Yield (file line, text) outside fenced code blocks and HTML comments, with inline code blanked out."""
    fence = None
    for offset, line in enumerate(_without_comments(body).split("\n")):
        marker = FENCE.match(line)
        if fence:
            if marker and marker.group(1) == fence:
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        yield first_line + offset, CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def _without_comments(body: str) -> str:
    """The body with HTML comments blanked out (their line breaks kept): nothing in them reaches readers."""
    return COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body)


def nesting_depth(line: str) -> int:
    """How deep a line sits in lists and block quotes: each '>' and each four columns of indent is a level."""
    depth = 0
    for char in line.expandtabs(4):
        if char == ">":
            depth += 4
        elif char != " " and char not in "-*+0123456789.)":
            break
        else:
            depth += 1
    return depth // 4


def headings(body: str, first_line: int) -> list[Heading]:
    found = []
    for number, line in code_free_lines(body, first_line):
        match = HEADING.match(line)
        if not match:
            continue
        text = match.group(2).rstrip("#").rstrip()
        attr = ATTR_ID.search(text)
        if attr:
            title = text[:attr.start()].strip()
            found.append(Heading(len(match.group(1)), strip_inline(title), attr.group(1), number, True))
        else:
            found.append(Heading(len(match.group(1)), strip_inline(text), slug(text), number, False))
    return found


def links(body: str, first_line: int) -> list[Link]:
    found = []
    for number, line in code_free_lines(body, first_line):
        for match in INLINE_LINK.finditer(line):
            found.append(Link(match.group(2), match.group(3), number, image=bool(match.group(1))))
        ref = REF_DEFINITION.match(line)
        if ref:
            found.append(Link("", ref.group(1), number))
        for match in AUTOLINK.finditer(line):
            found.append(Link(match.group(1), match.group(1), number))
    return found


def html_problems(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Raw HTML that could run script, load remote content or break layout."""
    for number, line in code_free_lines(body, first_line):
        for match in HTML_TAG.finditer(line):
            closing, tag, attrs = match.groups()
            tag = tag.lower()
            if tag not in ALLOWED_TAGS:
                yield number, (f"raw HTML <{tag}> is not allowed in content: write it in Markdown "
                               f"(allowed inline tags: {', '.join(sorted(ALLOWED_TAGS))})")
                continue
            if EVENT_ATTR.search(attrs):
                yield number, f"event handler attribute in <{tag}> is not allowed: remove the on...= attribute"
            for name in re.findall(r"([A-Za-z-]+)\s*=", attrs):
                if name.lower() not in ALLOWED_ATTRS and not name.lower().startswith("on"):
                    yield number, (f"attribute '{name}' on <{tag}> is not allowed: "
                                   f"use only {', '.join(sorted(ALLOWED_ATTRS))}")
        if re.search(r"javascript\s*:", line, re.I) and not INLINE_LINK.search(line):
            yield number, "'javascript:' is not allowed in content"


def jinja_comment_openers(body: str, first_line: int) -> Iterator[int]:
    """Lines where '{#' would open a Jinja comment in a macro-rendered page."""
    for offset, line in enumerate(body.split("\n")):
        if "{#" in line:
            yield first_line + offset
