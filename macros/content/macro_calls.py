"""Contributor pages may call our macros with literal arguments, and nothing else.

Jinja templates are code, and contributor text is never run as one. A page's body is parsed once
(never rendered) into literal text and literal macro calls; every other construct is rejected. The
site and the PDFs then expand those parts with `expand()`: text is copied, each call runs the
registered macro with its literal arguments. No Jinja template made from contributor text is ever
rendered, so attribute access, filters, loops, includes and variables such as `config` cannot execute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Mapping

from jinja2 import Environment, nodes
from jinja2.exceptions import TemplateSyntaxError

# name -> (positional arguments: minimum, maximum or None for any; allowed keyword arguments)
SIGNATURES: dict[str, tuple[int, int | None, frozenset[str]]] = {
    "term": (1, 2, frozenset()),
    "cite": (1, None, frozenset({"pages"})),
    "xref": (1, 2, frozenset()),
    "case": (1, 2, frozenset()),
    "checklist_link": (1, 2, frozenset()),
    "checklist": (1, 1, frozenset()),
    "case_table": (0, 0, frozenset()),
    "case_chart": (0, 0, frozenset()),
    "figure": (1, 1, frozenset()),
    "blank": (1, 1, frozenset({"lines"})),
    "glossary_list": (0, 0, frozenset()),
    "reference_list": (0, 0, frozenset()),
    "checklist_index": (0, 0, frozenset()),
    "field_reference": (1, 1, frozenset()),
    "downloads_table": (0, 0, frozenset()),
    "kit_builder": (0, 0, frozenset()),
    "offline_controls": (0, 0, frozenset()),
    "topic_index": (0, 0, frozenset()),
    "whats_new": (0, 0, frozenset()),
}

EXAMPLE = '{{ term("ripeness") }}'

# Macros whose first argument is words the reader sees (a translation rewords it), not an id.
WORDED_FIRST_ARGUMENT = frozenset({"blank"})


@dataclass(frozen=True)
class MacroCall:
    name: str
    args: tuple
    kwargs: dict
    line: int  # file line


# Same lexing as mkdocs-macros' environment (default delimiters), keeping the text exactly as written.
_PARSER = Environment(keep_trailing_newline=True)

Part = str | MacroCall  # literal text, or a literal call of a registered macro


def shared_part(call: "MacroCall") -> tuple:
    """What every language's copy of a call keeps: its name, its id argument and its options."""
    ids = () if call.name in WORDED_FIRST_ARGUMENT else call.args[:1]
    return call.name, ids, tuple(sorted(call.kwargs.items()))


def opted_in(meta: Mapping) -> bool:
    """Whether a page asks for macros: mkdocs-macros' own test (`render_macros == True`, so 1 counts too)."""
    return meta.get("render_macros") == True  # noqa: E712 - the plugin's comparison, on purpose


def macro_calls(body: str, first_line: int) -> tuple[list[MacroCall], list[tuple[int, str]]]:
    """Return the macro calls of a page and the (file line, message) of everything not allowed."""
    parts, problems = parse(body, first_line)
    return [p for p in parts if isinstance(p, MacroCall)], problems


# Macros that show a name in running text: told whether the call stands inside a sentence, so a
# glossary term shows "ripeness" there and "Ripeness" where a sentence or an item starts.
SENTENCE_AWARE = frozenset({"term"})
OPENERS = " \t*_[(\"'“‘«¡¿"  # what may stand between a sentence's start and its first word
BLOCK_START = re.compile(r"^\s*(?:[-*+]|\d+[.)]|#{1,6}|>|\|)?\s*$")  # list item, heading, quote, table cell


def inside_sentence(before: str) -> bool:
    """Whether Markdown text ending with `before` leaves the next word inside a sentence."""
    line = before.rsplit("\n", 1)[-1].rstrip(OPENERS)
    if line and BLOCK_START.match(line) and line.strip():
        return False  # right after a list marker, a heading's hashes, a quote or a table bar
    tail = before.rstrip(OPENERS + "\n")
    return bool(tail) and not tail.endswith((".", "!", "?", "|")) and not BLOCK_START.match(tail.rsplit("\n", 1)[-1])


def expand(parts: list[Part], macros: Mapping[str, Callable[..., str]]) -> str:
    """A parsed page as Markdown: text copied as it is, each call replaced by its registered macro's output."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
        elif part.name in SENTENCE_AWARE:
            out.append(macros[part.name](*part.args, **part.kwargs, mid_sentence=inside_sentence("".join(out[-2:]))))
        else:
            out.append(macros[part.name](*part.args, **part.kwargs))
    return "".join(out)


def parse(body: str, first_line: int) -> tuple[list[Part], list[tuple[int, str]]]:
    """A page body as literal text and literal macro calls, and (file line, message) of all else."""
    try:
        template = _PARSER.parse(body)
    except TemplateSyntaxError as error:
        return [], [(first_line + (error.lineno or 1) - 1,
                     f"macro syntax error: {error.message}; macros look like {EXAMPLE}")]
    parts: list[Part] = []
    problems: list[tuple[int, str]] = []
    for node in template.body:
        if not isinstance(node, nodes.Output):
            problems.append((first_line + node.lineno - 1,
                             f"Jinja statements ({{% ... %}}) are not allowed in content: only macro calls like {EXAMPLE}"))
            continue
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                parts.append(child.data)
                continue
            line = first_line + child.lineno - 1
            call, message = _literal_call(child)
            if message:
                problems.append((line, message))
            else:
                parts.append(MacroCall(call[0], call[1], call[2], line))
    return parts, problems


def _literal_call(node: nodes.Node) -> tuple[tuple | None, str | None]:
    if not isinstance(node, nodes.Call) or not isinstance(node.node, nodes.Name):
        return None, (f"only macro calls with literal arguments are allowed in content, like {EXAMPLE}; "
                      f"found a Jinja {type(node).__name__.lower()} expression")
    name = node.node.name
    if name not in SIGNATURES:
        return None, f"unknown macro '{name}': known macros are {', '.join(sorted(SIGNATURES))}"
    if node.dyn_args or node.dyn_kwargs:
        return None, f"macro '{name}' takes literal arguments only, like {EXAMPLE}"
    if not all(isinstance(a, nodes.Const) for a in node.args) or \
            not all(isinstance(k.value, nodes.Const) for k in node.kwargs):
        return None, f"macro '{name}' takes literal arguments only (quoted text), like {EXAMPLE}"
    args = tuple(a.value for a in node.args)
    kwargs = {k.key: k.value.value for k in node.kwargs}
    low, high, allowed = SIGNATURES[name]
    if len(args) < low or (high is not None and len(args) > high):
        expected = f"{low}" if low == high else f"{low} to {high}" if high is not None else f"at least {low}"
        return None, f"macro '{name}' takes {expected} argument(s), got {len(args)}"
    unknown = set(kwargs) - allowed
    if unknown:
        return None, f"macro '{name}' has no option {', '.join(sorted(unknown))}"
    if not all(isinstance(a, str) for a in (*args, *kwargs.values())):
        return None, f"macro '{name}' takes quoted text arguments, like {EXAMPLE}"
    return (name, args, kwargs), None
