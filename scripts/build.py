#!/usr/bin/env python3
"""Build the whole site (pages, search index, PDFs, open data, offline bundle) into site/.

Validates first; builds into a temporary directory next to site/ and swaps it in only when
everything succeeded, so a failed build never leaves a half-written site.

Usage: python scripts/build.py [--site-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from _root import ROOT

from macros.content.source import read_config

from macros.outputs.adaptable import adaptable_files
from macros.outputs.open_data import data_files
from macros.checks.published_output import check_markdown_downloads, check_site
from macros.checks.rules import validate
from pdf import PdfError, render_all
from macros.paths import PDF_MANIFEST

# Rendered PDFs are cached by content hash; T2_PDF_CACHE lets several checkouts (or the tests) share one.
PDF_CACHE = Path(os.environ.get("T2_PDF_CACHE") or ROOT / ".cache" / "pdf")


def site_url() -> str | None:
    """The public address from mkdocs.yml, if one is configured (links in downloads use it)."""
    return read_config(ROOT).get("site_url") or None


def mkdocs_build(out: Path) -> subprocess.CompletedProcess:
    # The output policy runs here, over the finished site, whatever builder made the pages.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", T2_POLICY_LATER="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True)


def write_files(directory: Path, files: dict[str, str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (directory / name).write_text(content, encoding="utf-8")


OFFLINE_ZIP = Path("downloads") / "offline.zip"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed, so the same site gives a byte-identical bundle


def write_offline_zip(site: Path) -> Path:
    """The whole site (without the bundle itself) for reading from disk, in a stable order."""
    target = site / OFFLINE_ZIP
    # Source maps only serve theme developers, and the 404 page only a web server (its links are
    # root-relative): readers offline need neither.
    files = sorted(p for p in site.rglob("*") if p.is_file() and p != target
                   and p.suffix != ".map" and p.relative_to(site).as_posix() != "404.html")
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bundle:
        for path in files:
            info = zipfile.ZipInfo(f"track-ii-handbook/{path.relative_to(site).as_posix()}", ZIP_DATE)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    args = parser.parse_args(argv)
    site = args.site_dir.resolve()

    handbook, problems = validate(ROOT)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"build: {len(problems)} content problem(s); {site} was left as it was", file=sys.stderr)
        return 1

    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{site.name}.tmp-", dir=site.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read the site
    pdfs = Path(tempfile.mkdtemp(prefix="pdf-", dir=site.parent))
    try:
        # PDFs first: the downloads page shows their sizes. MkDocs empties its output folder, so
        # they wait in their own folder until the site is built.
        started = time.perf_counter()
        manifest = render_all(handbook, pdfs, PDF_CACHE)
        # Editable Word and Markdown versions of each checklist wait beside the PDFs.
        adaptable = adaptable_files(handbook, site_url())
        if refused(check_markdown_downloads(adaptable, handbook), site):
            return 1
        for name, data in adaptable.items():
            (pdfs / name).parent.mkdir(parents=True, exist_ok=True)
            (pdfs / name).write_bytes(data)
            manifest[name] = {"bytes": len(data), "kind": "adaptable"}
        (ROOT / PDF_MANIFEST).parent.mkdir(exist_ok=True)
        (ROOT / PDF_MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n",
                                         encoding="utf-8")
        cached = sum(entry.get("cached", False) for entry in manifest.values())
        pdf_count = sum(name.endswith(".pdf") for name in manifest)
        print(f"build: {pdf_count} PDFs ({pdf_count - cached} rendered, {cached} from cache) and "
              f"{len(manifest) - pdf_count} editable checklists "
              f"in {time.perf_counter() - started:.1f} s")
        result = mkdocs_build(staging)
        if result.returncode != 0:
            sys.stderr.write(result.stdout + result.stderr)
            print(f"build: mkdocs failed; {site} was left as it was", file=sys.stderr)
            return 1
        shutil.copytree(pdfs, staging / "downloads", dirs_exist_ok=True)
        write_files(staging / "downloads" / "data", data_files(handbook))
        started = time.perf_counter()
        if refused(check_site(staging, handbook, jobs=os.cpu_count() or 1), site):
            return 1
        print(f"build: output policy: every page judged in {time.perf_counter() - started:.1f} s, no findings")
        write_offline_zip(staging)
        swap_in(staging, site)
    except PdfError as error:
        print(f"build: PDF rendering failed: {error}; {site} was left as it was", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(pdfs, ignore_errors=True)

    pages = len(list(site.rglob("*.html")))
    print(f"build: {site} ({pages} HTML pages, {size_of(site) / 1e6:.1f} MB)")
    downloads = site / "downloads"
    for path in sorted(p for p in downloads.rglob("*") if p.is_file() and p.parent.name != "checklists"):
        print(f"  {path.relative_to(site)} ({path.stat().st_size / 1024:.1f} KB)")
    checklists = list((downloads / "checklists").iterdir())
    print(f"  downloads/checklists/ ({len(checklists)} files: PDF, Word, Markdown; "
          f"{sum(p.stat().st_size for p in checklists) / 1024:.0f} KB)")
    print(f"open {site / 'index.html'} or run: make serve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
