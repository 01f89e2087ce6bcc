"""The MkDocs adapter (mkdocs-macros hooks): wires the content model's renderers into pages. No logic of its own."""

from __future__ import annotations

import json
import logging
import os
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.outputs import reader_aids
from macros.outputs import site_html
from macros.outputs.open_data import data_files
from macros.content.macro_calls import expand, parse
from macros.content.model import CaseStudy, Chapter
from macros.checks.published_output import check_site
from macros.outputs.navigation import expand_nav
from macros.outputs.macro_registry import RENDERERS
from macros.checks.rules import validate
from macros.outputs.search_index import tune_index
from macros.paths import PDF_MANIFEST
from macros import paths


PREVIEW = "T2_PREVIEW"
POLICY_LATER = "T2_POLICY_LATER"  # set by scripts/build.py, which judges the whole finished site
LOG = logging.getLogger("mkdocs.plugins.track2")


def _here(env) -> paths.Here:
    return paths.Here("docs/" + env.page.file.src_uri, bool(env.conf["use_directory_urls"]))


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
    env.variables["edition"] = reader_aids.Edition(str(env.conf["extra"].get("edition", "1.0")), env.conf.get("site_url"))
    env.variables["last_changed"] = reader_aids.git_last_changed(Path(env.project_dir))


def load_manifest(root: Path) -> dict:
    path = root / PDF_MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def on_pre_page_macros(env):
    """Expand the page's literal macro calls ourselves; mkdocs-macros never renders contributor text.

    The plugin would run the page body and its title through Jinja. Setting `render_macros` to False
    in the page's metadata is the plugin's documented "never render this page" switch, which it checks
    before any rendering; the body has already become plain Markdown by then.
    """
    env.page.meta["render_macros"] = False
    page = env.variables["handbook"].pages.get(_here(env).path)
    if page is None or not page.macros:
        return
    parts, problems = page.parts, page.call_problems
    if env.markdown != page.body:  # changed since validation (a live preview): parse this text instead
        parts, problems = parse(env.markdown, page.body_line)
    if problems:
        line, message = problems[0]
        raise PluginError(f"{page.path}:{line}: {message}")
    env.markdown = expand(parts, env.macros)


def on_post_page_macros(env):
    handbook = env.variables["handbook"]
    here = _here(env)
    # Material writes the description into <meta content="..."> without escaping it.
    description = site_html.page_summary(handbook, here.path)
    if description:
        env.page.meta["description"] = escape(description)
    item = reader_aids.item_at(handbook, here.path)
    if env.page.edit_url:
        env.page.edit_url = reader_aids.edit_url(env.page.edit_url, here.path, item)
    if item is None:
        return
    header = [reader_aids.topic_line(here, item), reader_aids.freshness_line(item, env.variables["last_changed"])]
    footer = [reader_aids.citation_block(item, env.variables["edition"])]
    if isinstance(item, Chapter):
        header.append(site_html.chapter_downloads(handbook, here, item.id))
    if isinstance(item, CaseStudy):
        header.append(site_html.case_facts(handbook, here, item.id))
        footer.insert(0, site_html.case_links(handbook, here, item.id))
    env.markdown = "\n\n".join([*header, env.markdown, *footer])


def on_post_build(env):
    # Runs after Material writes the search index and before the offline plugin inlines it.
    site = Path(env.conf["site_dir"])
    if os.environ.get(POLICY_LATER) != "1":  # scripts/build.py judges the finished site itself
        problems = check_site(site, env.variables["handbook"], site_url=env.conf.get("site_url") or "",
                              live_reload=os.environ.get(PREVIEW) == "1")
        if problems:
            listing = "\n".join(problems)
            raise PluginError(f"{len(problems)} output problem(s); the pages were not published:\n{listing}")
    path = site / "search" / "search_index.json"
    if path.exists():
        index = tune_index(json.loads(path.read_text(encoding="utf-8")), env.variables["handbook"],
                           bool(env.conf["use_directory_urls"]))
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
