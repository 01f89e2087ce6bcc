#!/usr/bin/env python3
"""Benchmarks: ratios measured side by side in one run, written to BENCHMARKS.md.

- the real site: full build cold and with nothing changed;
- a synthetic knowledge base of N pages made from our own page template, built by our generator
  and by plain Material for MkDocs (same Markdown, no macros plugin): time, size, search index;
- search in headless chromium: page load to first result, real site and the synthetic base.

Usage: python scripts/bench.py [--pages 1000 5000] [--lighthouse-runs 1] [--out BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import statistics
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from _root import ROOT
from static_server import serve

from macros.content.source import read_config

ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
NOT_COPIED = (".venv", "node_modules", "site", "site.*", ".git", ".cache", "__pycache__", "screenshots", "tests")
SECTION = 50  # pages per navigation section of the synthetic knowledge base
VOLUME = 10  # sections per volume
SYNTHETIC_PAGE = """---
title: "Knowledge base page {n}"
summary: "Synthetic page {n} for benchmarks."
render_macros: true
---

# Knowledge base page {n}

Practitioners convening {{{{ term("dialogue", "dialogue") }}}} in region {n} weighed {{{{ term("ripeness") }}}}
before inviting participants {{{{ cite("zartman-2000") }}}}. This page exists to measure the generator.

## Context of case {n} {{ #context }}

The parties met {n} times. Each meeting built trust, tested ideas and fed official talks through
briefings that respected the confidentiality rules agreed at the start.

- Assess the conflict and the efforts already under way.
- Plan the change sought and how results reach officials.
- Prepare participants, the team, the venue and the rules.

## What came of it {{ #outcome }}

Results reached the official process in year {year}. See the
[participant selection checklist](../checklists/participant-selection.md) and the
[handbook introduction](../handbook/introduction.md#in-brief).
"""


def run(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, str]:
    """Seconds the command took, and what it printed."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env or ENV, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, result.stdout


PDF_STAGE = re.compile(r"build: (\d+) PDFs \((\d+) rendered, (\d+) from cache\).* in ([\d.]+) s")


POLICY_STAGE = re.compile(r"build: output policy: every page judged in ([\d.]+) s")


def pdf_stage(build_output: str) -> tuple[int, int, float]:
    """From scripts/build.py's report: PDFs in the site, how many were rendered, seconds taken."""
    count, rendered, _, seconds = PDF_STAGE.search(build_output).groups()
    return int(count), int(rendered), float(seconds)


def single_pdf_times() -> tuple[float, float]:
    """One checklist alone and the whole handbook alone, rendered cold (seconds)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from macros.outputs.pdf_files import render_pdf, CSS_FILE
    from macros.outputs import print_html
    from macros.checks.rules import validate
    handbook, _ = validate(ROOT)
    site, css = print_html.print_site(ROOT), CSS_FILE.read_text(encoding="utf-8")
    times = []
    for document in (print_html.checklist_document(handbook, site, next(iter(sorted(handbook.checklists)))),
                     print_html.handbook_document(handbook, site)):
        started = time.perf_counter()
        render_pdf(document.html, css)
        times.append(time.perf_counter() - started)
    return times[0], times[1]


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_sizes(site: Path) -> tuple[int, int]:
    """The search index, raw and gzipped: ours in parts (search/t2/), or the builder's one file."""
    parts = sorted((site / "search" / "t2").glob("*.js")) or [site / "search" / "search_index.json"]
    data = [p.read_bytes() for p in parts]
    return sum(map(len, data)), sum(len(gzip.compress(d)) for d in data)


def make_synthetic(pages: int, where: Path, macros: bool) -> Path:
    """A copy of the real project plus `pages` generated pages, in its navigation."""
    project = where / ("ours" if macros else "material")
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*NOT_COPIED))
    kb = project / "docs" / "kb"
    kb.mkdir()
    for n in range(1, pages + 1):
        (kb / f"page-{n:05d}.md").write_text(SYNTHETIC_PAGE.format(n=n, year=1990 + n % 30), encoding="utf-8")
    config = read_config(project)
    # Grouped as a real knowledge base is: volumes of 10 parts of 50 pages. Every page carries the
    # navigation's visible entries, so a flat list of 1,000 siblings (or of 100 parts) would put all
    # of them into every page, even with navigation.prune.
    names = [f"kb/page-{n:05d}.md" for n in range(1, pages + 1)]
    parts = [{f"Part {i // SECTION + 1}": names[i:i + SECTION]} for i in range(0, pages, SECTION)]
    groups = [{f"Volume {i // VOLUME + 1}": parts[i:i + VOLUME]} for i in range(0, len(parts), VOLUME)]
    config["nav"].append({"Knowledge base": groups})
    if not macros:  # the baseline: plain Material, same Markdown, no macros plugin, no project scripts
        config["plugins"] = ["search", "offline"]
        config.pop("extra_javascript", None)
        config["strict"] = False  # without macros, checklist and case pages are not in the nav
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return project


# One realistic query per language, typed a key at a time on a phone-speed CPU.
SEARCHES = {"en": "backchannel", "fr": "canal confidentiel", "es": "canal confidencial", "ar": "قناة سرية"}
SLOWDOWN = 4  # Chromium's CPU throttling, Lighthouse's stand-in for a mid-range phone
KEY_DELAY_MS = 150

# Marks when the last character goes in and when the result list next changes.
LATENCY_PROBE = """() => {
  const list = document.querySelector(".md-search-result__list"), box = document.querySelector("input.md-search__input");
  window.__t2 = {start: 0, end: 0};
  new MutationObserver(() => {
    if (window.__t2.start && !window.__t2.end && list.children.length) { window.__t2.end = performance.now(); }
  }).observe(list, {childList: true});
  box.addEventListener("input", () => { window.__t2.start = performance.now(); window.__t2.end = 0; }, {capture: true});
}"""


def search_latency(site: Path, language: str, query: str) -> float:
    """Milliseconds from the last keystroke of `query` to its results on screen, in headless Chromium
    with the CPU slowed down 4 times, on a fresh visit (nothing cached: the index parts load as the
    reader types)."""
    from playwright.sync_api import sync_playwright

    prefix = "" if language == "en" else f"{language}/"
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        page.goto(base + prefix + "handbook/step-1-assess.html")
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": SLOWDOWN})
        box = page.locator("input.md-search__input")
        box.click()
        page.evaluate(LATENCY_PROBE)
        for char in query:
            box.press_sequentially(char)
            box.dispatch_event("keyup")  # a real keyboard sends it; Playwright does not for Arabic
            page.wait_for_timeout(KEY_DELAY_MS)
        page.wait_for_function("() => window.__t2.end > 0", timeout=60000)
        elapsed = page.evaluate("() => window.__t2.end - window.__t2.start")
        browser.close()
    return elapsed


def latencies(site: Path) -> dict[str, float]:
    return {language: search_latency(site, language, query) for language, query in SEARCHES.items()
            if (site / ("" if language == "en" else language) / "index.html").exists()}


LIGHTHOUSE_PAGES = ["index.html", "handbook/step-3-prepare.html", "checklists/participant-selection.html",
                    "case-studies/index.html"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_scores(site: Path, runs: int) -> list[tuple[str, dict, list[int]]]:
    """Lighthouse 12 (npm, mobile defaults) per page: median score per category, and every
    performance score (it varies from run to run on a shared 2-core machine)."""
    binary = ROOT / "node_modules" / ".bin" / "lighthouse"
    results = []
    with serve(site) as base:
        for path in LIGHTHOUSE_PAGES:
            scores = []
            for _ in range(runs):
                with tempfile.NamedTemporaryFile(suffix=".json") as report:
                    subprocess.run([str(binary), base + path, "--quiet", "--output=json",
                                    f"--output-path={report.name}", f"--only-categories={','.join(CATEGORIES)}",
                                    "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking"],
                                   env=dict(ENV, CHROME_PATH="/usr/bin/chromium"), check=True, capture_output=True,
                                   timeout=180)
                    categories = json.loads(Path(report.name).read_text(encoding="utf-8"))["categories"]
                    scores.append({k: round(v["score"] * 100) for k, v in categories.items()})
            medians = {k: round(statistics.median(s[k] for s in scores)) for k in CATEGORIES}
            results.append((path, medians, [s["performance"] for s in scores]))
    return results


TRANSFER_PAGES = ("index.html", "handbook/step-3-prepare.html")


def transfer_sizes(site: Path) -> list[tuple[str, str, int]]:
    """(page, visit, bytes the server sent) for a first visit, a repeat visit (the browser's own cache)
    and a visit after saving the offline copy, in Chromium; and what saving the copy transfers."""
    from playwright.sync_api import sync_playwright
    tally: dict = {}
    results = []

    def visit(tab, url: str) -> int:
        tally["bytes"] = 0
        tab.goto(url, wait_until="networkidle")
        return tally["bytes"]

    with serve(site, tally) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for path in TRANSFER_PAGES:
            context = browser.new_context()
            tab = context.new_page()
            results.append((path, "first visit", visit(tab, base + path)))
            results.append((path, "repeat visit (browser cache)", visit(context.new_page(), base + path)))
            context.close()
            context = browser.new_context()
            tab = context.new_page()
            tab.goto(base + "offline.html", wait_until="networkidle")
            tally["bytes"] = 0
            tab.get_by_role("button", name="Save for offline use").click()
            tab.locator("[data-offline-status]", has_text="Saved:").wait_for(timeout=120_000)
            saving = tally["bytes"]
            results.append((path, "repeat visit (offline copy saved)", visit(context.new_page(), base + path)))
            context.close()
        results.append(("whole site", "saving the offline copy (no PDFs)", saving))
        browser.close()
    return results


def kb_latencies(tmp: Path, pages: int) -> dict[str, float]:
    """Search latency per language on the synthetic base built as `make site` builds (every language:
    the generated pages are in each language's site, untranslated)."""
    project = make_synthetic(pages, tmp / f"kb-{pages}-languages", True)
    run([sys.executable, "scripts/build.py", "--site-dir", str(project / "site")], project)
    measured = latencies(project / "site")
    shutil.rmtree(project)
    return measured


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))) / 1024 / 1024
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--lighthouse-runs", type=int, default=1, help="runs per page; the median is reported")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    lines = [f"# Benchmarks\n\nMeasured {time.strftime('%Y-%m-%d')} by `make bench` on {machine()}.\n"]

    def report(new_lines: list[str]) -> None:
        lines.extend(new_lines)
        print("\n".join(new_lines), flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "real-site"
        cold_env = dict(ENV, T2_PDF_CACHE=str(Path(tmp) / "pdf-cache"))  # an empty cache: a cold build
        cold, cold_output = run([sys.executable, "scripts/build.py", "--site-dir", str(site)], ROOT, cold_env)
        warm, warm_output = run([sys.executable, "scripts/build.py", "--site-dir", str(site)], ROOT, cold_env)
        pdfs, rendered, pdf_cold = pdf_stage(cold_output)
        _, rendered_again, pdf_cached = pdf_stage(warm_output)
        one_checklist, whole_handbook = single_pdf_times()
        raw, packed = index_sizes(site)
        real_search = latencies(site)
        report(["## Real site\n", "| measure | value |", "|---|---|",
                f"| full build, cold (site, PDFs, data, offline zip) | {cold:.1f} s |",
                f"| full build, nothing changed | {warm:.1f} s |",
                f"| nothing changed / cold | {warm / cold:.2f} |",
                f"| output policy over the built site (every page parsed, CSP added) / cold build | "
                f"{float(POLICY_STAGE.search(cold_output).group(1)) / cold:.3f} |",
                f"| site size | {size(site) / 1e6:.1f} MB |",
                f"| search index, all parts (English; a query loads a few) | {raw / 1024:.0f} KB raw, "
                f"{packed / 1024:.0f} KB gzipped |", "",
                f"## Search on a phone-speed CPU (Chromium, {SLOWDOWN}x slowdown, fresh visit, {KEY_DELAY_MS} ms "
                "between keys)\n", "| language | query | last keystroke to results on screen |", "|---|---|---|"]
               + [f"| {language} | {SEARCHES[language]} | {ms:.0f} ms |" for language, ms in real_search.items()]
               + ["",
                "## PDF rendering (WeasyPrint)\n", "| measure | value |", "|---|---|",
                f"| all {pdfs} PDFs in the cold build ({rendered} rendered, 2 parallel jobs) | {pdf_cold:.1f} s |",
                f"| all PDFs, nothing changed ({rendered_again} rendered, the rest from cache) | {pdf_cached:.1f} s |",
                f"| cached / cold | {pdf_cached / pdf_cold:.2f} |",
                f"| one checklist alone, cold | {one_checklist:.2f} s |",
                f"| whole handbook alone, cold | {whole_handbook:.1f} s |", ""])

        report(["## What a reader's connection carries (bytes sent by a gzip static server, Chromium)\n",
                "| page | visit | transferred |", "|---|---|---|"]
               + [f"| {page} | {visit} | {count / 1024:.0f} KB |" for page, visit, count in transfer_sizes(site)]
               + [""])

        scores = lighthouse_scores(site, args.lighthouse_runs)
        runs = "one run" if args.lighthouse_runs == 1 else f"median of {args.lighthouse_runs} runs"
        report([f"## Lighthouse 12.2.3 (mobile settings, {runs}, served with gzip as static hosts do)\n",
                "| page | performance | accessibility | best practices | SEO |", "|---|---|---|---|---|"]
               + [f"| {path} | {s['performance']}{'' if len(all_runs) == 1 else ' (' + ', '.join(map(str, all_runs)) + ')'}"
                  f" | {s['accessibility']} | {s['best-practices']} | {s['seo']} |" for path, s, all_runs in scores]
               + [""])

        per_page = {}
        for pages in args.pages:
            results = {}
            for macros in (True, False):
                project = make_synthetic(pages, Path(tmp) / f"kb-{pages}", macros)
                out = project / "site"
                seconds, _ = run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], project)
                results[macros] = (seconds, size(out), *index_sizes(out), out)
            ours, base = results[True], results[False]
            per_page[pages] = (ours[0] / pages, base[0] / pages)
            kb_search = kb_latencies(Path(tmp), pages) if pages == min(args.pages) else {}
            report([f"## Synthetic knowledge base: {pages} generated pages (plus the real site)\n",
                    "| measure | our generator | plain Material | ratio |", "|---|---|---|---|",
                    f"| build time | {ours[0]:.1f} s | {base[0]:.1f} s | {ours[0] / base[0]:.2f} |",
                    f"| build time per page | {ours[0] / pages * 1000:.1f} ms | {base[0] / pages * 1000:.1f} ms | |",
                    f"| site size | {ours[1] / 1e6:.1f} MB | {base[1] / 1e6:.1f} MB | {ours[1] / base[1]:.2f} |",
                    f"| search index (raw) | {ours[2] / 1024:.0f} KB | {base[2] / 1024:.0f} KB | {ours[2] / base[2]:.2f} |",
                    f"| search index (gzipped) | {ours[3] / 1024:.0f} KB | {base[3] / 1024:.0f} KB | {ours[3] / base[3]:.2f} |"]
                   + [f"| search, {language}: last keystroke to results ({SLOWDOWN}x slowdown) | {ms:.0f} ms | | |"
                      for language, ms in kb_search.items()] + [""])
            shutil.rmtree(Path(tmp) / f"kb-{pages}")
        if len(per_page) > 1:
            small, large = min(per_page), max(per_page)
            report(["## Does build time per page grow with the number of pages?\n",
                    f"| per-page time at {large} pages / at {small} pages | our generator | plain Material |",
                    "|---|---|---|",
                    f"| ratio (1.00 = flat) | {per_page[large][0] / per_page[small][0]:.2f} | "
                    f"{per_page[large][1] / per_page[small][1]:.2f} |", ""])

    report([f"Whole benchmark run: {(time.perf_counter() - began) / 60:.1f} min."])
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"bench: results written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
