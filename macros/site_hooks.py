"""The MkDocs adapter, for `mkdocs serve` and a plain `mkdocs build`: mkdocs-macros calls these hooks
and each hands the page to `outputs.site_pages`, which writes what `scripts/build.py` gives any
builder. No logic of its own."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from macros.checks.published_output import check_site
from macros.checks.validated import validated
from macros.content.macro_calls import parse
from macros.outputs import reader_aids, site_pages
from macros.outputs.after_build import tune_search
from macros.outputs.builder_input import edit_link_settings
from macros.outputs.navigation import expand_nav
from macros.outputs.open_data import data_files
from macros.paths import PDF_MANIFEST

PREVIEW = "T2_PREVIEW"
LOG = logging.getLogger("mkdocs.plugins.track2")


def _path(env) -> str:
    return "docs/" + env.page.file.src_uri


def define_env(env):
    handbook, problems = validated(Path(env.project_dir))
    if os.environ.get(PREVIEW) == "1":  # `make serve`: drafts may show their template instructions
        for problem in (p for p in problems if p.draft):
            LOG.info(f"to finish: {problem}")  # info, not warning: strict mode stops on warnings
        problems = [p for p in problems if not p.draft]
    if problems:
        listing = "\n".join(str(p) for p in problems)
        raise PluginError(f"{len(problems)} content problem(s); nothing was built:\n{listing}")
    env.variables["handbook"] = handbook
    for key, value in edit_link_settings(env.conf).items():
        env.conf[key] = value
    env.conf["nav"] = expand_nav(env.conf["nav"], handbook)
    # PDF sizes for the downloads page: those of the last full build, if there was one.
    manifest = Path(env.project_dir) / PDF_MANIFEST
    env.variables["site_context"] = site_pages.site_context(
        Path(env.project_dir), env.conf,
        json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}, data_files(handbook))


def on_pre_page_macros(env):
    """Expand the page's literal macro calls ourselves; mkdocs-macros never renders contributor text.

    The plugin would run the page body and its title through Jinja. Setting `render_macros` to False
    in the page's metadata is the plugin's documented "never render this page" switch, which it checks
    before any rendering; the body has already become plain Markdown by then.
    """
    env.page.meta["render_macros"] = False
    handbook = env.variables["handbook"]
    page = handbook.pages.get(_path(env))
    if page is None or not page.macros:
        return
    parts, problems = page.parts, page.call_problems
    if env.markdown != page.body:  # changed since validation (a live preview): parse this text instead
        parts, problems = parse(env.markdown, page.body_line)
    if problems:
        line, message = problems[0]
        raise PluginError(f"{page.path}:{line}: {message}")
    env.markdown = site_pages.expanded(handbook, page.path, env.variables["site_context"], parts)


def on_post_page_macros(env):
    handbook, path = env.variables["handbook"], _path(env)
    description = site_pages.description(handbook, path)
    if description:
        env.page.meta["description"] = description
    item = reader_aids.item_at(handbook, path)
    if env.page.edit_url:
        env.page.edit_url = reader_aids.edit_url(env.page.edit_url, path, item)
    env.markdown = site_pages.framed(handbook, path, env.variables["site_context"], env.markdown)


def on_post_build(env):
    # Runs after Material writes the search index and before the offline plugin inlines it.
    site = Path(env.conf["site_dir"])
    problems = check_site(site, env.variables["handbook"], site_url=env.conf.get("site_url") or "",
                          live_reload=os.environ.get(PREVIEW) == "1")
    if problems:
        listing = "\n".join(problems)
        raise PluginError(f"{len(problems)} output problem(s); the pages were not published:\n{listing}")
    tune_search(site, env.variables["handbook"], bool(env.conf["use_directory_urls"]))
