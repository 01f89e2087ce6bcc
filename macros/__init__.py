"""mkdocs-macros entry point: wires the content model's renderers into pages. No logic of its own."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from . import reader, render
from .export import PDF_MANIFEST, data_files
from .jinja_guard import macro_calls
from .markdown_scan import mark_external_links
from .model import CaseStudy, Chapter
from .navigation import expand_nav
from .renderers import RENDERERS
from .rules import validate
from .search import tune_index


PREVIEW = "T2_PREVIEW"
LOG = logging.getLogger("mkdocs.plugins.track2")


def _here(env) -> render.Here:
    return render.Here("docs/" + env.page.file.src_uri, bool(env.conf["use_directory_urls"]))


def define_env(env):
    handbook, problems = validate(Path(env.project_dir))
    if os.environ.get(PREVIEW) == "1":  # `make serve`: drafts may show their template instructions
        for problem in (p for p in problems if p.draft):
            LOG.info(f"to finish: {problem}")  # info, not warning: strict mode stops on warnings
        problems = [p for p in problems if not p.draft]
    if problems:
        listing = "\n".join(str(p) for p in problems)
        raise PluginError(f"{len(problems)} content problem(s); nothing was built:\n{listing}")
    env.variables["handbook"] = handbook
    if not env.conf.get("repo_url"):  # no repository known: MkDocs would make relative edit links
        env.conf["edit_uri"] = ""
    env.conf["nav"] = expand_nav(env.conf["nav"], handbook)

    def bind(renderer, *context):
        def macro(*args, **kwargs):
            return renderer(handbook, _here(env), *context, *args, **kwargs)
        macro.__name__ = renderer.__name__
        return macro

    # The downloads page shows sizes: PDFs from the last render's manifest, data files computed now.
    context = {"downloads_table": (load_manifest(Path(env.project_dir)),
                                   {name: len(text.encode()) for name, text in data_files(handbook).items()})}
    for name, renderer in RENDERERS.items():
        env.macro(bind(renderer, *context.get(name, ())), name)
    env.variables["edition"] = reader.Edition(str(env.conf["extra"].get("edition", "1.0")), env.conf.get("site_url"))
    env.variables["last_changed"] = reader.git_last_changed(Path(env.project_dir))


def load_manifest(root: Path) -> dict:
    path = root / PDF_MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def on_pre_page_macros(env):
    # Defence in depth: the page was validated at start-up, but never render what fails the allow-list.
    # Text identical to what the validator parsed and allowed need not be parsed again.
    page = env.variables["handbook"].pages.get(_here(env).path)
    allowed = (page is not None and page.macros and not page.call_problems
               and page.body.strip() == env.markdown.strip())  # MkDocs trims the blank line after front matter
    if env.page.meta.get("render_macros") is True and not allowed:
        _, problems = macro_calls(env.markdown, 1)
        if problems:
            line, message = problems[0]
            raise PluginError(f"docs/{env.page.file.src_uri}: {message} (body line {line})")


def on_post_page_macros(env):
    handbook = env.variables["handbook"]
    here = _here(env)
    env.markdown = mark_external_links(env.markdown)
    env.page.meta.setdefault("description", render.page_summary(handbook, here.path))
    item = reader.item_at(handbook, here.path)
    if env.page.edit_url:
        env.page.edit_url = reader.edit_url(env.page.edit_url, here.path, item)
    if item is None:
        return
    header = [reader.topic_line(here, item), reader.freshness_line(item, env.variables["last_changed"])]
    footer = [reader.citation_block(item, env.variables["edition"])]
    if isinstance(item, Chapter):
        header.append(render.chapter_downloads(handbook, here, item.id))
    if isinstance(item, CaseStudy):
        header.append(render.case_facts(handbook, here, item.id))
        footer.insert(0, render.case_links(handbook, here, item.id))
    env.markdown = "\n\n".join([*header, env.markdown, *footer])


def on_post_build(env):
    # Runs after Material writes the search index and before the offline plugin inlines it.
    path = Path(env.conf["site_dir"]) / "search" / "search_index.json"
    if path.exists():
        index = tune_index(json.loads(path.read_text(encoding="utf-8")), env.variables["handbook"],
                           bool(env.conf["use_directory_urls"]))
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
