"""`make site`, step by step (scripts/build.py is its command line).

Validates first; builds into a temporary directory next to the site folder and swaps it in only when
everything succeeded, so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from macros.checks.published_output import check_markdown_downloads, check_site
from macros.checks.validated import editions
from macros.content.model import Handbook
from macros.content.source import read_config
from macros.outputs.adaptable import adaptable_files
from macros.outputs.after_build import link_languages_in_sitemap, point_edit_links, tune_search
from macros.outputs.builder_input import SITE_DIR, write_builder_input
from macros.outputs.offline_copy import bundled, language_files, write_offline_lists
from macros.outputs.open_data import data_files
from macros.outputs.pdf_files import PdfError, render_all
from macros.outputs.site_pages import site_context
from macros.content.languages import ENGLISH, TRANSLATED
from macros.paths import OFFLINE_BUNDLE, PDF_MANIFEST, download_path, downloaded, language_root

def pdf_cache(root: Path) -> Path:
    """Rendered PDFs are cached by content hash; T2_PDF_CACHE lets several checkouts (or the tests) share one."""
    return Path(os.environ.get("T2_PDF_CACHE") or root / ".cache" / "pdf")


@dataclass(frozen=True)
class Builder:
    command: list[str]  # given --config-file; runs in its own process on the finished pages
    config_changes: dict = field(default_factory=dict)
    theme: str = "material"  # the package whose templates write the pages, for the output policy


# Only MkDocs is installed with the project; `make portability` installs the others beside it.
BUILDERS = {
    "mkdocs": Builder([sys.executable, "-m", "mkdocs", "build", "--quiet"]),
    "properdocs": Builder([str(Path(sys.executable).parent / "properdocs"), "build", "--quiet"]),
    # Not strict: Zensical also checks links in our HTML, and the download files they point to are
    # added after it has run. It writes pages with its own copy of Material's templates.
    "zensical": Builder([str(Path(sys.executable).parent / "zensical"), "build"], {"strict": False}, "zensical"),
}


Runner = Callable[[Path], "tuple[bool, str]"]  # given the configuration file: (built, what it said)


def builder_environment(content_date: dt.date) -> dict[str, str]:
    """The builder's environment. SOURCE_DATE_EPOCH (reproducible-builds.org) is the content's date unless
    the caller set one: MkDocs otherwise stamps the sitemap with the day it ran, so a build that crossed
    midnight differed from one that did not."""
    epoch = int(dt.datetime(content_date.year, content_date.month, content_date.day,
                            tzinfo=dt.timezone.utc).timestamp())
    return {"SOURCE_DATE_EPOCH": str(epoch), **os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}


def run_command(builder: str, content_date: dt.date) -> Runner:
    """The builder as its own process (what `make site` uses)."""
    def run(config_file: Path) -> tuple[bool, str]:
        env = builder_environment(content_date)
        result = subprocess.run([*BUILDERS[builder].command, "--config-file", str(config_file)],
                                cwd=config_file.parent, env=env, capture_output=True, text=True)
        return result.returncode == 0, result.stdout + result.stderr
    return run


def build_pages(handbook: Handbook, manifest: dict, data: dict[str, str], out: Path, builder: str = "mkdocs",
                run: Runner | None = None) -> tuple[bool, str]:
    """Write the finished pages and their configuration, run the builder on them into `out` (which must
    not exist or be empty), then our own step over what it wrote; (built, what the builder said).

    The builder renders Markdown only: our macros were expanded and the reader's header and footer
    added before it starts, and the search tuning and edit links are done after it ends. `run` lets a
    test run the builder in its own process; by default it is a separate process.
    """
    root = Path(handbook.root)
    config = read_config(root)
    with tempfile.TemporaryDirectory(prefix=f"{out.name}-pages-", dir=out.parent) as pages:
        config_file = write_builder_input(handbook, site_context(root, config, manifest, data),
                                          config | BUILDERS[builder].config_changes, Path(pages))
        built, said = (run or run_command(builder, handbook.last_reviewed))(config_file)
        if built:
            os.replace(Path(pages) / SITE_DIR, out)
    if built:
        directory_urls = bool(config.get("use_directory_urls", True))
        tune_search(out, handbook, directory_urls)
        point_edit_links(out, handbook, directory_urls)
        link_languages_in_sitemap(out, handbook.language, config.get("site_url"))
    return built, said


def build_languages(books: dict[str, Handbook], manifest: dict, data: dict[str, str], out: Path,
                    builder: str = "mkdocs", run: Runner | None = None) -> tuple[bool, str, str]:
    """Every language's pages into `out` (English first, at its root): each language is a site of its own
    (the theme's words and direction are per site), built in its own folder, then put under the English
    one as /fr/, /es/, /ar/. (built, what the builder said, the language it was building)."""
    english = next(iter(books))
    for language, book in books.items():
        target = out if language == english else out.with_name(f"{out.name}-{language}")
        built, said = build_pages(book, manifest, data, target, builder, run)
        if not built:
            return False, said, language
        if target != out:
            # A web server shows only the site root's 404 page; the theme writes one per build, with
            # root-relative links that would be wrong under /fr/.
            (target / "404.html").unlink(missing_ok=True)
            target.rename(out / language_root(language))
        translated = sum(1 for path in book.translations if path in book.pages)
        lists = sum(1 for c in book.checklists.values() if c.path in book.translations)
        print(f"build: {language}: {len(book.pages)} pages ({translated} translated), "
              f"{len(book.checklists)} checklists ({lists} translated)")
    return True, "", english


def write_files(directory: Path, files: dict[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (directory / name).write_text(content, encoding="utf-8")


ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed, so the same site gives a byte-identical bundle
BUNDLE_FOLDER = "track-ii-handbook"  # what the bundle unzips to; the site root's files inside


def write_offline_zip(site: Path, language: str = ENGLISH.code) -> Path:
    """One language's site and its downloads (offline_copy.bundled), to read from disk, in a stable order;
    a translation opens at <folder>/<language>/index.html."""
    target = site / downloaded(OFFLINE_BUNDLE, language)
    files = language_files(site, language, keep=bundled)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in files:
            info = zipfile.ZipInfo(f"{BUNDLE_FOLDER}/{path.relative_to(site).as_posix()}", ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes())
    return target


def swap_in(new: Path, target: Path) -> None:
    """Replace target with new in two renames (same file system), then delete the old copy."""
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def size_of(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.rglob("*") if p.is_file())


def refused(findings: list[str], site: Path) -> bool:
    """Print what the output policy found; True when there is anything, so nothing is published."""
    for finding in findings:
        print(finding, file=sys.stderr)
    if findings:
        print(f"build: {len(findings)} output problem(s); {site} was left as it was", file=sys.stderr)
    return bool(findings)


def render_downloads(books: dict[str, Handbook], out: Path) -> tuple[dict, list[str]]:
    """The PDFs in every language, and the editable Word and Markdown checklists, into `out`: their
    manifest (also written to .cache for `make serve`) and what the output policy found in the Markdown
    downloads (if anything is found, nothing is written beside the PDFs)."""
    handbook = books[ENGLISH.code]
    root = Path(handbook.root)
    started = time.perf_counter()
    manifest = render_all(list(books.values()), out, pdf_cache(root))
    site_url = read_config(root).get("site_url") or None
    adaptable: dict[str, bytes] = {}
    for language, book in books.items():
        files = {download_path(name, language): data for name, data in adaptable_files(book, site_url).items()}
        findings = check_markdown_downloads(files, book)
        if findings:
            return manifest, findings
        adaptable |= files
    for name, data in adaptable.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
        manifest[name] = {"bytes": len(data), "kind": "adaptable"}
    (root / PDF_MANIFEST).parent.mkdir(exist_ok=True)
    (root / PDF_MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    cached = sum(entry.get("cached", False) for entry in manifest.values())
    pdf_count = sum(name.endswith(".pdf") for name in manifest)
    print(f"build: {pdf_count} PDFs ({pdf_count - cached} rendered, {cached} from cache) and "
          f"{len(manifest) - pdf_count} Word and Markdown files in {time.perf_counter() - started:.1f} s")
    return manifest, []


def print_summary(site: Path) -> None:
    pages = len(list(site.rglob("*.html")))
    print(f"build: {site} ({pages} HTML pages, {size_of(site) / 1e6:.1f} MB)")
    downloads = site / "downloads"
    folders = ({"checklists": "PDF, Word, Markdown"}
               | {code: "PDF, Word, Markdown and offline bundle in that language" for code in TRANSLATED})
    for path in sorted(p for p in downloads.rglob("*")
                       if p.is_file() and p.relative_to(downloads).parts[0] not in folders):
        print(f"  {path.relative_to(site)} ({path.stat().st_size / 1024:.1f} KB)")
    for folder, kinds in folders.items():
        files = [p for p in (downloads / folder).rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in files) / 1024
        print(f"  downloads/{folder}/ ({len(files)} files: {kinds}; {size:.0f} KB)")
    print(f"open {site / 'index.html'} or run: make serve")


def keep_for_inspection(staging: Path, refused_to: Path) -> Path:
    """A copy of the site as the builder made it, before the output policy empties what it refuses."""
    copy = Path(tempfile.mkdtemp(prefix=f"{staging.name}-unjudged-", dir=staging.parent)) / "site"
    shutil.copytree(staging, copy)
    return copy


def build_site(root: Path, site: Path, builder: str = "mkdocs", refused_to: Path | None = None) -> int:
    """`make site`: validate, render the PDFs and editable checklists, give the builder the finished
    pages, add the downloads and open data, judge the whole site, bundle it for offline use, and swap it
    into `site` only if every step succeeded. Progress goes to stdout, problems to stderr; returns the
    exit status. `refused_to`: where to leave a site the output policy refused, as the builder made it.
    """
    books, problems = editions(root)
    handbook = books["en"]
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"build: {len(problems)} content problem(s); {site} was left as it was", file=sys.stderr)
        return 1

    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{site.name}.tmp-", dir=site.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    downloads = Path(tempfile.mkdtemp(prefix=f"{site.name}.tmp-downloads-", dir=site.parent))
    unjudged = None
    try:
        # Downloads first: the downloads page shows their sizes. Builders empty their output folder,
        # so the files wait in their own folder until the pages are built.
        manifest, findings = render_downloads(books, downloads)
        if refused(findings, site):
            return 1
        data = data_files(handbook)
        built, said, language = build_languages(books, manifest, data, staging, builder)
        if not built:
            sys.stderr.write(said)
            print(f"build: {builder} failed ({language}); {site} was left as it was", file=sys.stderr)
            return 1
        shutil.copytree(downloads, staging / "downloads", dirs_exist_ok=True)
        write_files(staging / "downloads" / "data", data)
        started = time.perf_counter()
        unjudged = keep_for_inspection(staging, refused_to) if refused_to else None
        if refused(check_site(staging, handbook, jobs=os.cpu_count() or 1, theme=BUILDERS[builder].theme,
                              translations=books), site):
            if unjudged:
                shutil.rmtree(refused_to, ignore_errors=True)
                shutil.move(unjudged, refused_to)
                print(f"build: the site as built, before judging, is in {refused_to}", file=sys.stderr)
            return 1
        print(f"build: output policy: every page judged in {time.perf_counter() - started:.1f} s, no findings")
        for language in books:
            write_offline_zip(staging, language)
        write_offline_lists(staging)  # last: they list the bundle's neighbours with their hashes
        swap_in(staging, site)
    except PdfError as error:
        print(f"build: PDF rendering failed: {error}; {site} was left as it was", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        for language in books:
            shutil.rmtree(staging.with_name(f"{staging.name}-{language}"), ignore_errors=True)
        shutil.rmtree(downloads, ignore_errors=True)
        if unjudged:
            shutil.rmtree(unjudged.parent, ignore_errors=True)
    print_summary(site)
    return 0
