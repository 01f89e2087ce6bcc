#!/usr/bin/env python3
"""Build the site with each site builder and run the same output tests on each: a parity table.

`make site` gives a builder finished Markdown pages (scripts/build.py --builder), so any builder that
reads mkdocs.yml can make the site. This builds it with each one, keeps what it made even when the
output policy refuses it, runs the output tests of `make test` on that site (T2_TEST_SITE), and prints
one row per test and one column per builder. MkDocs is the reference; the others are compared to it.

Usage: .venv-portability/bin/python scripts/portability.py [--builders mkdocs,properdocs,zensical]
                                                            [--report FILE]
(`make portability` installs the builders and runs this.)
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from _root import ROOT

from macros.site_build import BUILDERS

REFERENCE = "mkdocs"
# The tests of `make test` that judge a built site (and only the site), by file or test.
OUTPUT_TESTS = (
    "tests/test_site.py",
    "tests/test_reader.py",
    "tests/test_search.py::test_index_stays_small",
    "tests/test_browser.py",
    "tests/test_accessibility.py",
)
FINDINGS = re.compile(r"build: (\d+) output problem\(s\)")


@dataclass
class Outcome:
    builder: str
    status: str = "not built"  # built | refused | failed
    seconds: float = 0.0
    findings: int = 0
    tests: dict[str, str] = field(default_factory=dict)  # test -> passed | failed | skipped


def build_with(builder: str, work: Path) -> tuple[Outcome, Path | None]:
    """Run `make site`'s build with one builder; the site to test (as built, even if refused) or None."""
    site, refused = work / builder / "site", work / builder / "refused"
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--builder", builder,
                             "--site-dir", str(site), "--refused-to", str(refused)],
                            cwd=ROOT, capture_output=True, text=True)
    outcome = Outcome(builder, seconds=time.perf_counter() - started)
    if result.returncode == 0:
        outcome.status = "built"
        return outcome, site
    found = FINDINGS.search(result.stderr)
    if found and refused.is_dir():
        outcome.status, outcome.findings = "refused", int(found.group(1))
        return outcome, refused
    outcome.status = "failed"
    print(result.stderr[-2000:], file=sys.stderr)
    return outcome, None


def run_output_tests(site: Path, junit: Path) -> dict[str, str]:
    """The output tests on one site; test id -> outcome, from pytest's JUnit report."""
    env = dict(os.environ, T2_TEST_SITE=str(site))
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}",
                    *OUTPUT_TESTS], cwd=ROOT, env=env, capture_output=True, text=True)
    outcomes = {}
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        name = f"{case.get('classname', '').rsplit('.', 1)[-1]}::{case.get('name')}"
        failed = case.find("failure") is not None or case.find("error") is not None
        outcomes[name] = "failed" if failed else "skipped" if case.find("skipped") is not None else "passed"
    return outcomes


MARKS = {"passed": "yes", "failed": "**NO**", "skipped": "skipped", None: "not run"}


def parity_table(outcomes: list[Outcome]) -> str:
    """Markdown: a build row, then one row per output test; a differing cell is in bold."""
    header = "| | " + " | ".join(o.builder for o in outcomes) + " |\n|---|" + "---|" * len(outcomes) + "\n"

    def build_cell(o: Outcome) -> str:
        if o.status == "refused":
            return f"**refused: {o.findings} output problems** ({o.seconds:.0f} s)"
        return f"{o.status} ({o.seconds:.0f} s)" if o.status == "built" else f"**{o.status}**"

    rows = ["| build (`make site`) | " + " | ".join(build_cell(o) for o in outcomes) + " |"]
    tests = sorted({t for o in outcomes for t in o.tests})
    rows += [f"| `{t}` | " + " | ".join(MARKS[o.tests.get(t)] for o in outcomes) + " |" for t in tests]
    return header + "\n".join(rows) + "\n"


def differences(outcomes: list[Outcome]) -> int:
    reference = next(o for o in outcomes if o.builder == REFERENCE)
    return sum(o.tests.get(t) != reference.tests.get(t) for o in outcomes for t in reference.tests) + \
        sum(o.status != reference.status for o in outcomes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builders", default=",".join(BUILDERS),
                        help=f"comma-separated, from {', '.join(BUILDERS)} (default: all; {REFERENCE} always runs)")
    parser.add_argument("--report", type=Path, help="also write the table to this Markdown file")
    args = parser.parse_args(argv)
    builders = [REFERENCE] + [b for b in args.builders.split(",") if b and b != REFERENCE]
    unknown = [b for b in builders if b not in BUILDERS]
    if unknown:
        parser.error(f"unknown builder(s): {', '.join(unknown)}")

    outcomes = []
    with tempfile.TemporaryDirectory(prefix="t2-portability-") as work:
        for number, builder in enumerate(builders, 1):
            print(f"portability: [{number}/{len(builders)}] building with {builder}", flush=True)
            outcome, site = build_with(builder, Path(work))
            if site is not None:
                print(f"portability: [{number}/{len(builders)}] {outcome.status}; running the output tests "
                      f"on {builder}'s site", flush=True)
                outcome.tests = run_output_tests(site, Path(work) / builder / "junit.xml")
            outcomes.append(outcome)
    table = parity_table(outcomes)
    print(table)
    if args.report:
        args.report.write_text(table, encoding="utf-8")
    reference = outcomes[0]
    if reference.status != "built" or "failed" in reference.tests.values():
        print(f"portability: the reference build ({REFERENCE}) itself fails; see make test", file=sys.stderr)
        return 1
    print(f"portability: {differences(outcomes)} difference(s) from {REFERENCE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
