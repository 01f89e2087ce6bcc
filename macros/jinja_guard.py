"""Contributor pages may call our macros with literal arguments, and nothing else.

Jinja templates are code. Instead of sandboxing arbitrary Jinja, the page's template is parsed
(never rendered) and every construct other than `{{ known_macro("literal", ...) }}` is rejected,
so attribute access, filters, loops, includes and variables such as `config` never execute.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    "glossary_list": (0, 0, frozenset()),
    "reference_list": (0, 0, frozenset()),
    "checklist_index": (0, 0, frozenset()),
    "field_reference": (1, 1, frozenset()),
    "downloads_table": (0, 0, frozenset()),
    "topic_index": (0, 0, frozenset()),
    "whats_new": (0, 0, frozenset()),
}

EXAMPLE = '{{ term("ripeness") }}'


@dataclass(frozen=True)
class MacroCall:
    name: str
    args: tuple
    kwargs: dict
    line: int  # file line


_PARSER = Environment()


def macro_calls(body: str, first_line: int) -> tuple[list[MacroCall], list[tuple[int, str]]]:
    """Return the macro calls of a page and the (file line, message) of everything not allowed."""
    try:
        template = _PARSER.parse(body)
    except TemplateSyntaxError as error:
        return [], [(first_line + (error.lineno or 1) - 1,
                     f"macro syntax error: {error.message}; macros look like {EXAMPLE}")]
    calls: list[MacroCall] = []
    problems: list[tuple[int, str]] = []
    for node in template.body:
        if not isinstance(node, nodes.Output):
            problems.append((first_line + node.lineno - 1,
                             f"Jinja statements ({{% ... %}}) are not allowed in content: only macro calls like {EXAMPLE}"))
            continue
        for child in node.nodes:
            if isinstance(child, nodes.TemplateData):
                continue
            line = first_line + child.lineno - 1
            call, message = _literal_call(child)
            if message:
                problems.append((line, message))
            else:
                calls.append(MacroCall(call[0], call[1], call[2], line))
    return calls, problems


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
