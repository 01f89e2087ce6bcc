"""What a site builder is given: a folder of finished Markdown pages beside the site's own files
(styles, scripts, images), and a configuration that names every page in the navigation.

The folder holds everything, the theme overrides included, and the configuration names it all by
relative paths (Zensical stops on absolute ones). It is mkdocs.yml with these changes: the pages and
the theme overrides are the folder's, the site is written inside it, the navigation lists the
checklists and case studies, and the macros plugin, which has nothing left to do, is left out.
MkDocs, ProperDocs and Zensical all read it.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Mapping

import yaml

from macros.content.languages import BY_CODE, ENGLISH
from macros.content.model import Handbook
from macros.outputs.navigation import expand_nav, translate_nav
from macros.outputs.site_pages import SiteContext, site_sources
from macros.paths import DOCS, is_translation, language_root

CONFIG_NAME = "mkdocs.yml"
THEME_DIR = "theme"
SITE_DIR = "site"  # inside the folder: where the builder writes the site
NOT_PUBLISHED = "_data"  # the model's data files: read by us, excluded from the site by mkdocs.yml
ADAPTER_PLUGIN = "macros"
EDIT_FEATURES = ("content.action.edit", "content.action.view")


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def edit_link_settings(config: Mapping) -> dict:
    """No repository known: no edit links (MkDocs would make relative ones, Zensical even more)."""
    return {} if config.get("repo_url") else {"edit_uri": ""}


def builder_config(config: dict, handbook: Handbook) -> dict:
    """mkdocs.yml as a builder of the finished pages needs it, with paths inside the builder's folder."""
    out = {key: value for key, value in config.items() if key != "watch"}  # paths under the repository
    out["docs_dir"], out["site_dir"] = DOCS, SITE_DIR
    out["nav"] = expand_nav(config.get("nav"), handbook)
    out["plugins"] = [p for p in config.get("plugins", []) if _plugin_name(p) != ADAPTER_PLUGIN]
    theme = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = THEME_DIR
    out["theme"] = theme
    out.update(edit_link_settings(config))
    if not config.get("repo_url"):  # Zensical shows the buttons whenever the features are on
        theme["features"] = [f for f in theme.get("features", []) if f not in EDIT_FEATURES]
    return out if handbook.language == ENGLISH.code else in_language(out, handbook)


def in_language(config: dict, handbook: Handbook) -> dict:
    """The configuration of a translated site: the theme's words and direction in that language, our words
    in the navigation, the address under /<language>/. Its edit links would open English files, or files
    not yet written: it has none."""
    language = handbook.language
    out = dict(config, site_name=handbook.ui["site_name"], site_description=handbook.ui["site_description"])
    out["theme"] = dict(config["theme"], language=language, direction=BY_CODE[language].direction,
                        features=[f for f in config["theme"].get("features", []) if f not in EDIT_FEATURES])
    out["edit_uri"] = ""
    if config.get("site_url"):
        out["site_url"] = config["site_url"].rstrip("/") + "/" + language_root(language)
    out["nav"] = translate_nav(config["nav"], handbook.ui)
    out["plugins"] = [{"search": dict(p["search"], lang=language)} if isinstance(p, dict) and "search" in p
                      else {"search": {"lang": language}} if p == "search" else p for p in config["plugins"]]
    return out


def write_builder_input(handbook: Handbook, context: SiteContext, config: dict, target: Path) -> Path:
    """Fill `target` with the pages and files a builder renders; returns the configuration file. The
    builder writes the site to `target / SITE_DIR`."""
    root = Path(handbook.root)
    docs = target / DOCS
    sources = site_sources(handbook, context)
    for path in sorted((root / DOCS).rglob("*")):
        relative = path.relative_to(root / DOCS)
        if path.is_file() and path.suffix != ".md" and relative.parts[0] != NOT_PUBLISHED \
                and not is_translation(path.relative_to(root).as_posix()):
            (docs / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / relative)
    for relative, text in sources.items():
        (docs / relative).parent.mkdir(parents=True, exist_ok=True)
        (docs / relative).write_text(text, encoding="utf-8")
    if (config.get("theme") or {}).get("custom_dir"):
        shutil.copytree(root / config["theme"]["custom_dir"], target / THEME_DIR)
    config_file = target / CONFIG_NAME
    config_file.write_text(yaml.safe_dump(builder_config(config, handbook), allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    return config_file
