"""Shared fixtures: the real content model, one real site build, a local server and a browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "scripts"))  # scripts/static_server.py serves the site to the browser tests
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def pytest_configure(config):
    # Every test build shares one PDF cache, seeded from the checkout's, so only changed PDFs render.
    import shutil
    import tempfile
    cache = Path(tempfile.mkdtemp(prefix="t2-pdf-cache-"))
    if (ROOT / ".cache" / "pdf").is_dir():
        shutil.copytree(ROOT / ".cache" / "pdf", cache, dirs_exist_ok=True)
    os.environ["T2_PDF_CACHE"] = str(cache)

SKIPPED: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    # In CI a skipped test is a test that did not run: the run fails and says which.
    if os.environ.get("CI") == "true" and SKIPPED and session.exitstatus == 0:
        print(f"\nCI: {len(SKIPPED)} test(s) skipped, which CI does not allow: {', '.join(SKIPPED)}")
        session.exitstatus = 1


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def handbook():
    from macros.checks.rules import validate
    model, problems = validate(ROOT)
    assert problems == [], "\n".join(map(str, problems))
    return model


def run_build(root: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(root / "scripts" / "build.py"), "--site-dir", str(site_dir)],
                          capture_output=True, text=True, cwd=root)


TEST_SITE = "T2_TEST_SITE"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test session exactly as `make site` builds it; or, for
    `make portability`, a site another builder made (T2_TEST_SITE)."""
    if os.environ.get(TEST_SITE):
        return Path(os.environ[TEST_SITE])
    out = tmp_path_factory.mktemp("real") / "site"
    result = run_build(ROOT, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture
def page(browser):
    """A fresh browser tab with its own storage."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="session")
def server(site):
    """The built site served on a free loopback port, compressed as a static host does; its base URL."""
    from static_server import serve
    with serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


PROJECT_PARTS = ("docs", "checklists", "macros", "scripts", "mkdocs.yml")  # never .venv or site/


@pytest.fixture
def repo(tmp_path) -> Path:
    """A copy of the project that a test may break or extend."""
    import shutil
    copy = tmp_path / "repo"
    copy.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / part)
    return copy


# --- reading built HTML as a browser parses it (justhtml), for tests that look inside pages --------


def html_elements(node, name: str) -> list:
    """Every element called `name` under a parsed node, or in an HTML string, in document order."""
    import justhtml
    if isinstance(node, str):
        node = justhtml.JustHTML(node, sanitize=False).root
    found = []

    def walk(current) -> None:
        for child in current.children or ():
            if isinstance(child, justhtml.Element):
                if (child.name or "").lower() == name:
                    found.append(child)
                walk(child)
    walk(node)
    return found


def html_text(node) -> str:
    """The text of an element in document order, spaces collapsed."""
    import justhtml
    parts = []

    def walk(current) -> None:
        for child in current.children or ():
            if isinstance(child, justhtml.Element):
                walk(child)
            elif getattr(child, "data", None):
                parts.append(child.data)
    walk(node)
    return " ".join(" ".join(parts).split())
