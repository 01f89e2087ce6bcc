"""Only known macros with literal arguments get through; everything else is reported, never run."""

import pytest

from macros.content.macro_calls import macro_calls

HOSTILE = [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "only macro calls"),
    ("{{ config }}", "only macro calls"),
    ("{{ config.extra }}", "only macro calls"),
    ("{{ environ['HOME'] }}", "only macro calls"),
    ("{{ term('x') | safe }}", "only macro calls"),
    ("{{ term(config) }}", "literal arguments only"),
    ("{{ term(*args) }}", "literal arguments only"),
    ("{{ cite('a', pages=config) }}", "literal arguments only"),
    ("{{ self.__init__.__globals__ }}", "only macro calls"),
    ("{{ lipsum.__globals__['os'].popen('id').read() }}", "only macro calls"),
    ("{{ cycler.__init__.__globals__.os }}", "only macro calls"),
    ("{% for x in range(10**9) %}{% endfor %}", "statements"),
    ("{% include '/etc/passwd' %}", "statements"),
    ("{% set x = 1 %}", "statements"),
    ("{% macro m() %}{% endmacro %}", "statements"),
    ("{{ undefined_macro('x') }}", "unknown macro 'undefined_macro'"),
    ("{{ term('a', 'b', 'c') }}", "takes 1 to 2 argument(s), got 3"),
    ("{{ cite('a', page='1') }}", "has no option page"),
    ("{{ term(1) }}", "quoted text arguments"),
    ("{{ term('x' ~ 'y') }}", "literal arguments only"),
    ("{{ term(", "macro syntax error"),
    ("## Heading {#anchor}\n", "macro syntax error"),
]


@pytest.mark.parametrize("source, expected", HOSTILE)
def test_hostile_template_is_rejected(source, expected):
    calls, problems = macro_calls(source, first_line=10)
    assert problems, f"accepted: {source}"
    assert any(expected in message for _, message in problems), problems
    assert all(line >= 10 for line, _ in problems)


def test_literal_macro_calls_are_returned_with_file_lines():
    body = 'Intro.\n\nSee {{ term("ripeness") }} and {{ cite("a-2000", "b-2001", pages="4-5") }}.\n'
    calls, problems = macro_calls(body, first_line=7)
    assert problems == []
    assert [(c.name, c.args, c.kwargs, c.line) for c in calls] == [
        ("term", ("ripeness",), {}, 9),
        ("cite", ("a-2000", "b-2001"), {"pages": "4-5"}, 9),
    ]


def test_spaced_heading_ids_are_plain_text():
    calls, problems = macro_calls("## Heading { #anchor }\n", first_line=1)
    assert calls == [] and problems == []


def rendering(handbook, markdown: str):
    """What mkdocs-macros hands the hook just before it renders docs/handbook/step-3-prepare.md."""
    from types import SimpleNamespace
    from macros.outputs.reader_aids import Edition
    from macros.outputs.site_pages import SiteContext
    page = SimpleNamespace(file=SimpleNamespace(src_uri="handbook/step-3-prepare.md"), meta={"render_macros": True})
    context = SiteContext(edition=Edition("1.0", None))
    return SimpleNamespace(variables={"handbook": handbook, "site_context": context},
                           conf={"use_directory_urls": False}, page=page, markdown=markdown)


def test_text_changed_after_validation_is_checked_again_before_rendering(handbook):
    from mkdocs.exceptions import PluginError
    from macros.site_hooks import on_pre_page_macros
    validated = handbook.pages["docs/handbook/step-3-prepare.md"].body
    env = rendering(handbook, validated)
    on_pre_page_macros(env)  # as validated: expanded by us, and the plugin told not to render anything
    assert env.page.meta["render_macros"] is False
    assert "{{" not in env.markdown and 'href="../checklists/participant-selection.html"' in env.markdown
    injected = validated + "\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n"
    with pytest.raises(PluginError, match=r"docs/handbook/step-3-prepare.md:\d+: only macro calls with literal"):
        on_pre_page_macros(rendering(handbook, injected))
