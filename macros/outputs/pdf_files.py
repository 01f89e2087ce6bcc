"""The PDF downloads (checklists, toolkits, the whole handbook), rendered from the print HTML.

Each document's print HTML (print_html.py) is rendered with WeasyPrint and print.css (with print-rtl.css
after it for a right-to-left language); a document whose
HTML, stylesheet, WeasyPrint version and options are unchanged is copied from the cache instead.
Misses render in parallel. The URL fetcher reads local files under docs/assets/ and data: images only,
so a PDF never makes a request or reads another file.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import logging
import mimetypes
import multiprocessing
import os
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from macros.outputs import print_html
from macros.content.model import Handbook
from macros.checks.output_policy import Allowed
from macros.checks.published_output import check_documents
from macros.paths import ASSETS_DIR

CSS_FILE = Path(__file__).resolve().parent / "print.css"
RTL_CSS_FILE = Path(__file__).resolve().parent / "print-rtl.css"
# Images and fonts the print HTML may use: the repository's docs/assets (this package lives beside it).
ASSET_DIRS = (Path(__file__).resolve().parents[2] / ASSETS_DIR,)
# Tagged PDF/UA-1 (document title and language, structure tree), fillable checkboxes, subset fonts.
RENDER_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "pdf_forms": True, "full_fonts": False,
                  "hinting": False, "uncompressed_pdf": False, "optimize_images": True}
# Part of the cache key: change it whenever finish() changes what it writes.
FINISH_VERSION = "1: AcroForm NeedAppearances false"
SAFE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.I)
FILE_SRC = re.compile(r'\ssrc="(file:[^"]+)"')
CSS_URL = re.compile(r'url\("([^":]+)"\)')  # print.css's own files (fonts), relative to docs/assets


class PdfError(Exception):
    """A document could not be rendered; the message names it."""


class RefusedURL(ValueError):
    pass


class LocalAssetFetcher(URLFetcher):
    """Serves files inside the allowed directories and data: images; refuses everything else.

    Refusals are fatal (fail_on_errors): a print template that asks for anything else is a bug to fix,
    not something to print without.
    """

    def __init__(self, allowed_dirs=ASSET_DIRS):
        super().__init__(fail_on_errors=True, allowed_protocols=("file", "data"), allow_redirects=False)
        self.allowed = tuple(Path(d).resolve() for d in allowed_dirs)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url[:5].lower() == "data:":
            if SAFE_DATA.match(url):
                return super().fetch(url, headers)  # decoded in memory by urllib's data: handler
            return self._refuse(url, "only data: images are allowed")
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return self._refuse(url, "only local files under docs/assets/ are allowed")
        path = Path(url2pathname(parts.path)).resolve()  # resolve: no escape through .. or symlinks
        if not any(path.is_relative_to(d) for d in self.allowed) or not path.is_file():
            return self._refuse(url, "only local files under docs/assets/ are allowed")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})

    def _refuse(self, url: str, why: str):
        self.refused.append(url)
        raise RefusedURL(f"refused to fetch {url[:80]}: {why}")


class _Messages(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def finish(document, pdf) -> None:
    """Last touch to the PDF before it is written (a WeasyPrint finisher).

    Every checkbox carries its own 'on' appearance, but WeasyPrint also sets NeedAppearances, which
    asks viewers to redraw the fields; without a /DA string Poppler then draws no tick at all.
    """
    form = pdf.catalog.get("AcroForm")
    if form is not None:
        form["NeedAppearances"] = "false"


def render_pdf(html: str, css: str, asset_dirs=ASSET_DIRS, fetcher: LocalAssetFetcher | None = None
               ) -> tuple[bytes, list[str]]:
    """One PDF from print HTML; also returns WeasyPrint's warnings (there should be none)."""
    fetcher = fetcher or LocalAssetFetcher(asset_dirs)
    messages = _Messages()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(messages)
    try:
        # The font configuration makes print.css's @font-face work; its URLs are relative to docs/assets.
        fonts = FontConfiguration()
        stylesheet = weasyprint.CSS(string=css, url_fetcher=fetcher, font_config=fonts,
                                    base_url=Path(asset_dirs[0]).resolve().as_uri() + "/")
        data = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(
            stylesheets=[stylesheet], font_config=fonts, finisher=finish, **RENDER_OPTIONS)
    finally:
        logger.removeHandler(messages)
    return data, messages.messages


def judge_print_html(handbook: Handbook, docs: list, asset_dirs) -> None:
    """The output policy over the print HTML behind every PDF, before anything is read or rendered."""
    allowed = Allowed(file_roots=tuple(str(d) for d in asset_dirs))
    problems = check_documents({f"downloads/{doc.path}": doc.html for doc in docs}, handbook, allowed)
    if problems:
        raise PdfError(f"{len(problems)} output problem(s) in the print HTML:\n" + "\n".join(problems))


def cache_key(html: str, css: str, asset_dirs=ASSET_DIRS) -> str:
    """sha256 of everything the PDF's bytes depend on (the system fonts excepted)."""
    digest = hashlib.sha256()
    for part in (html, css, weasyprint.__version__, json.dumps(RENDER_OPTIONS, sort_keys=True), FINISH_VERSION):
        digest.update(part.encode("utf-8") + b"\0")
    allowed = tuple(Path(d).resolve() for d in asset_dirs)
    css_files = [Path(asset_dirs[0], name).resolve().as_uri() for name in CSS_URL.findall(css)]
    for url in sorted(set(FILE_SRC.findall(html)) | set(css_files)):  # local images and fonts: their content
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        readable = any(path.is_relative_to(d) for d in allowed) and path.is_file()
        digest.update(hashlib.sha256(path.read_bytes()).digest() if readable else b"refused")  # only what the fetcher serves
    return digest.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    # Never leave a truncated file that a later run would take for a finished PDF.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _cached(cache_dir: Path, key: str) -> bytes | None:
    path = cache_dir / f"{key}.pdf"
    data = path.read_bytes() if path.is_file() else b""
    return data if data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF") else None


def stylesheets() -> dict[str, str]:
    """The stylesheet of a document, by its direction: print.css, then print-rtl.css for right to left."""
    css = CSS_FILE.read_text(encoding="utf-8")
    return {"ltr": css, "rtl": css + "\n" + RTL_CSS_FILE.read_text(encoding="utf-8")}


PROGRESS_EVERY = 25  # documents between two progress lines while rendering


def _render_misses(misses: list[print_html.Document], css: dict[str, str], jobs: int, asset_dirs, log
                   ) -> dict[str, tuple[bytes, list[str]]]:
    """Render in parallel, longest documents first so the handbook does not start last; say how far
    it has got every few documents (a cold build renders hundreds)."""
    misses = sorted(misses, key=lambda d: -len(d.html))
    results: dict[str, tuple[bytes, list[str]]] = {}

    def done(path: str, result) -> None:
        results[path] = result
        if len(results) % PROGRESS_EVERY == 0 and len(results) < len(misses):
            log(f"pdf: {len(results)} of {len(misses)} rendered")

    if jobs <= 1 or len(misses) <= 1:
        for d in misses:
            done(d.path, _render_one(d, css[d.direction], asset_dirs))
        return results
    # spawn: workers start clean, whatever threads the caller (a test session, a server) is running.
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, len(misses)), mp_context=context) as pool:
        futures = {pool.submit(render_pdf, d.html, css[d.direction], asset_dirs): d.path for d in misses}
        for future in concurrent.futures.as_completed(futures):
            try:
                done(futures[future], future.result())
            except (Exception, FatalURLFetchingError) as error:  # say which document failed, then stop
                pool.shutdown(cancel_futures=True)
                raise PdfError(f"{futures[future]}: {_reason(error)}") from error
    return results


def _render_one(document: print_html.Document, css: str, asset_dirs) -> tuple[bytes, list[str]]:
    try:
        return render_pdf(document.html, css, asset_dirs)
    except (Exception, FatalURLFetchingError) as error:
        raise PdfError(f"{document.path}: {_reason(error)}") from error


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def render_all(books: list[Handbook], out_dir: Path, cache_dir: Path, jobs: int = 2, log=None) -> dict[str, dict]:
    """Write every PDF of every language's handbook under out_dir (rendered, or copied from cache_dir)
    and return the manifest.

    The manifest maps each relative output path to its bytes, sha256, title, kind and whether it came
    from the cache; it is also written to cache_dir/manifest.json. Cache entries no longer used are removed.
    """
    log = log or (lambda message: print(message, file=sys.stderr))
    out_dir, cache_dir = Path(out_dir), Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    css = stylesheets()
    root = Path(books[0].root)
    site = print_html.print_site(root)
    asset_dirs = (root / "docs" / "assets",)
    docs = []
    for handbook in books:
        in_language = print_html.documents(handbook, site)
        judge_print_html(handbook, in_language, asset_dirs)
        docs += in_language
    keys = {d.path: cache_key(d.html, css[d.direction], asset_dirs) for d in docs}
    found = {d.path: _cached(cache_dir, keys[d.path]) for d in docs}
    rendered = _render_misses([d for d in docs if found[d.path] is None], css, jobs, asset_dirs, log)
    manifest = {}
    for doc in docs:
        data = found[doc.path]
        if data is None:
            data, warnings = rendered[doc.path]
            for warning in warnings:
                log(f"pdf: {doc.path}: WeasyPrint: {warning}")
            _write_atomic(cache_dir / f"{keys[doc.path]}.pdf", data)
        _write_atomic(out_dir / doc.path, data)
        manifest[doc.path] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "title": doc.title,
                              "kind": doc.kind, "cached": found[doc.path] is not None}
    for stale in set(cache_dir.glob("*.pdf")) - {cache_dir / f"{k}.pdf" for k in keys.values()}:
        stale.unlink()
    _write_atomic(cache_dir / "manifest.json", (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())
    return manifest


def default_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "track2-handbook" / "pdf"


def summary(manifest: dict[str, dict], seconds: float) -> list[str]:
    cached = sum(1 for m in manifest.values() if m["cached"])
    lines = [f"pdf: {len(manifest)} documents, {len(manifest) - cached} rendered, {cached} from cache, "
             f"in {seconds:.1f} s"]
    for kind in ("checklist", "toolkit", "handbook"):
        sizes = [m["bytes"] / 1024 for m in manifest.values() if m["kind"] == kind]
        if sizes:
            lines.append(f"  {kind}: {len(sizes)} file(s), {min(sizes):.0f}–{max(sizes):.0f} KB")
    return lines
