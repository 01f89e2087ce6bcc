"""Where things are: the one path and URL policy. Source files in the repository, pages and downloads
in the built site, and relative URLs between them. Every reader of the repository and every output
imports these names; none spells a path of its own."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from macros.content.languages import ENGLISH as _ENGLISH, TRANSLATED

# --- the repository ----------------------------------------------------------------------------

DOCS = "docs"
HANDBOOK_DIR = "docs/handbook"
CASES_DIR = "docs/case-studies"
CHECKLISTS_DIR = "checklists"
GLOSSARY_FILE = "docs/_data/glossary.yml"
REFERENCES_FILE = "docs/_data/references.yml"
SYNONYMS_FILE = "docs/_data/synonyms.yml"
FIGURES_FILE = "docs/_data/figures.yml"
GLOSSARY_PAGE = "docs/glossary.md"
DOWNLOADS_PAGE = "docs/downloads.md"
REFERENCES_PAGE = "docs/references.md"
UI_FILE = "docs/_data/ui.yml"  # the site's own words (labels, notices, navigation titles)
ASSETS_DIR = "docs/assets"  # site CSS, JavaScript, images and fonts (the PDFs may use them too)

# Sizes of the rendered PDFs, written by scripts/build.py and shown on the downloads page.
PDF_MANIFEST = Path(".cache") / "pdf-manifest.json"


SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)  # a URL's scheme, as contributors write links


def link_target(source: str, target: str, page: str | None = None) -> tuple[str, str]:
    """(repository path, anchor) of a relative link written in the repository file `source`: its path
    resolved from the file's folder; a bare "#anchor" points at `page`, the page showing the text
    (default: the source itself). Links with a scheme are not for this function."""
    path, _, anchor = target.partition("#")
    return (posixpath.normpath(posixpath.join(posixpath.dirname(source), path)) if path else page or source), anchor


def translation_file(language: str, repo_path: str) -> str:
    """Where the translation of an English source file lives: its top folder, then the language, then the
    same path (docs/handbook/x.md -> docs/fr/handbook/x.md; checklists/x.md -> checklists/fr/x.md)."""
    top, _, rest = repo_path.partition("/")
    return f"{top}/{language}/{rest}"


def translated_source(translation: str) -> str:
    """The English file a translation translates (the inverse of translation_file)."""
    top, _, rest = translation.partition("/")
    return f"{top}/{rest.partition('/')[2]}"


def is_translation(repo_path: str) -> bool:
    parts = repo_path.split("/")
    return len(parts) > 2 and parts[0] in (DOCS, CHECKLISTS_DIR) and parts[1] in TRANSLATED


def checklist_page(checklist_id: str) -> str:
    """The site page that shows a checklist (its source lives in checklists/)."""
    return f"{DOCS}/checklists/{checklist_id}.md"


# --- the built site ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Here:
    """The page being rendered: its (English) repository path, the site's URL style and the language
    it is shown in (each translation is a site of its own under /<language>/)."""

    path: str
    directory_urls: bool = True
    language: str = "en"
    printed: bool = False  # for a PDF (WeasyPrint), not a browser


def language_root(language: str) -> str:
    """A language's folder under the site root ("" for English, the source)."""
    return "" if language == _ENGLISH.code else f"{language}/"


def _folder_in_site(here: Here) -> str:
    """The folder of the page being rendered, from the root of the whole site (all languages)."""
    return posixpath.dirname(language_root(here.language) + site_path(here.path, here.directory_urls)) or "."


def language_url(here: Here, language: str) -> str:
    """Relative URL from the page being rendered to the same page in another language."""
    return posixpath.relpath(language_root(language) + site_path(here.path, here.directory_urls), _folder_in_site(here))


def site_path(repo_path: str, directory_urls: bool) -> str:
    """Where the builder writes a docs/ Markdown file, relative to the site root."""
    inner = repo_path.removeprefix("docs/").removesuffix(".md")
    if not directory_urls:
        return inner + ".html"
    if inner == "index" or inner.endswith("/index"):
        return inner + ".html"
    return inner + "/index.html"


def url(here: Here, repo_path: str, anchor: str = "") -> str:
    """Relative URL from the page being rendered to another docs/ page (and anchor)."""
    fragment = f"#{anchor}" if anchor else ""
    if repo_path == here.path:
        return fragment or "./"
    source_dir = posixpath.dirname(site_path(here.path, here.directory_urls)) or "."
    target = site_path(repo_path, here.directory_urls)
    if not here.directory_urls:
        return posixpath.relpath(target, source_dir) + fragment
    target_dir = target.removesuffix("index.html").rstrip("/") or "."
    relative = posixpath.relpath(target_dir, source_dir)
    return ("./" if relative == "." else relative + "/") + fragment


# Where each download lives under the site's downloads/ folder: the PDF renderer, the Word and
# Markdown exports, and every page that links them use these names.
DOWNLOADS = "downloads"  # the site's folder of files to download, under the site root
HANDBOOK_FILE = "handbook.pdf"
OFFLINE_BUNDLE = "offline.zip"  # a language's whole site, to read from disk
OFFLINE_LIST = "offline.json"  # at the site root: the files a browser saves for offline use (offline_copy.py)


def toolkit_file(step: str) -> str:
    return f"toolkits/{step}.pdf"


def checklist_files(checklist_id: str) -> dict[str, str]:
    """The files of one checklist, by format: PDF in A4 and US Letter, Word and Markdown to adapt."""
    base = f"checklists/{checklist_id}"
    return {"a4": f"{base}.pdf", "letter": f"{base}-letter.pdf", "docx": f"{base}.docx", "md": f"{base}.md"}


@dataclass(frozen=True)
class Printable:
    """A kind of page that is also printed whole, on at most `pages` sheets (tested)."""

    folder: str  # under docs/, and under the site's downloads/
    kind: str  # the PDF's kind, in the build's manifest
    noun: str  # what a reader calls it
    group: str  # its heading on the downloads page
    pages: int


# Pages a reader prints as they are: the two-page briefs for officials and funders, one-page decision
# aids, and templates (a blank form to fill in, then an annotated example).
PRINTABLES = (Printable("briefs", "brief", "brief", "Two-page briefs", 2),
              Printable("aids", "aid", "decision aid", "Decision aids", 1),
              Printable("template", "template", "template", "Templates", 4))


def published(repo_path: str) -> bool:
    """Whether MkDocs publishes a docs/ file: never under docs/templates/ (hence the folder "template"
    above) nor with a name starting with ".", whatever exclude_docs says."""
    inner = repo_path.removeprefix(f"{DOCS}/")
    return not inner.startswith("templates/") and not any(part.startswith(".") for part in inner.split("/"))


def printable(page_path: str) -> Printable | None:
    """The printable kind of a docs/ page, or None for pages that are not printed on their own."""
    return next((p for p in PRINTABLES if posixpath.dirname(page_path) == f"{DOCS}/{p.folder}"), None)


def printable_files(page_path: str) -> dict[str, str]:
    """The files of a printable page: its PDFs by paper size, and a Word copy to edit."""
    base = f"{printable(page_path).folder}/" + posixpath.basename(page_path).removesuffix(".md")
    return {"a4": f"{base}.pdf", "letter": f"{base}-letter.pdf", "docx": f"{base}.docx"}


def download_url(here: Here, path: str) -> str:
    """Relative URL of a download, in the language of the page being rendered where it has one."""
    return posixpath.relpath(downloaded(path, here.language), _folder_in_site(here))


TRANSLATED_DOWNLOADS = (".pdf", ".docx", ".md", ".zip")  # made in every language; the open data is shared


def download_path(path: str, language: str = _ENGLISH.code) -> str:
    """A download's path under downloads/ in a language: each translation's PDFs, Word and Markdown
    copies and offline bundle keep their English names in a folder of its own (fr/checklists/x.pdf); the
    open data is one file for every language."""
    translated = path.endswith(TRANSLATED_DOWNLOADS)
    return (language_root(language) if translated else "") + path


def download_of(name: str) -> str:
    """The inverse of downloaded(): a download's path in its language's downloads, from where it is in the
    site (downloads/fr/checklists/x.pdf -> checklists/x.pdf)."""
    inside = name.removeprefix(f"{DOWNLOADS}/")
    folder, _, rest = inside.partition("/")
    return rest if folder in TRANSLATED else inside


def downloaded(path: str, language: str = _ENGLISH.code) -> str:
    """Where a download (its path under a language's downloads, like checklists/x.pdf) is in the built
    site, from the site root."""
    return f"{DOWNLOADS}/{download_path(path, language)}"
