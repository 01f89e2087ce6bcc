"""The GitHub Actions workflows cannot run here, so their promises are checked as data: least
privilege, actions pinned to commit SHAs, no secrets on pull requests, and every step calling a
Makefile target, so nothing lives only in YAML."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def load(name: str) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); the workflow means the string.
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z]+):", makefile, re.M))


NAMES = sorted(p.name for p in WORKFLOWS.glob("*.yml"))


def test_the_three_workflows_exist():
    assert NAMES == ["links.yml", "pages.yml", "pr.yml"]


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_pinned_to_a_commit_with_the_version_noted(name):
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    for step in steps(load(name)):
        if "uses" in step:
            assert PINNED.match(step["uses"]), f"{name}: {step['uses']} is not pinned to a commit SHA"
            line = next(line for line in text.splitlines() if step["uses"] in line)
            assert re.search(r"# v\d+\.\d+\.\d+$", line), f"{name}: say which release the SHA is: {line.strip()}"


@pytest.mark.parametrize("name", NAMES)
def test_permissions_are_read_only_unless_publishing(name):
    """Only a job that runs no repository code may write: the Pages deploy job. Builds only read."""
    workflow = load(name)
    for job_name, job in workflow["jobs"].items():
        permissions = {**(workflow.get("permissions") or {}), **job.get("permissions", {})}
        writes = {k for k, v in permissions.items() if v == "write"}
        runs_code = any("run" in step or "actions/checkout" in step.get("uses", "") for step in job.get("steps", []))
        if name == "pages.yml" and job_name == "deploy":
            assert writes == {"pages", "id-token"} and not runs_code
        else:
            assert writes == set(), f"{name}: job {job_name} may write {writes}"
            assert permissions.get("contents") == "read", f"{name}: job {job_name}"


@pytest.mark.parametrize("name", NAMES)
def test_every_command_is_a_make_target(name):
    targets = make_targets()
    for step in steps(load(name)):
        if "run" in step:
            command = step["run"].strip()
            match = re.fullmatch(r"make ([a-z]+)", command)
            assert match and match.group(1) in targets, f"{name}: '{command}' is not a Makefile target"


@pytest.mark.parametrize("name", NAMES)
def test_checkout_keeps_no_credentials_and_jobs_run_on_debian(name):
    workflow = load(name)
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    for job_name, job in workflow["jobs"].items():
        if any("run" in step for step in job.get("steps", [])):
            container = job["container"]
            image = container if isinstance(container, str) else container["image"]
            assert image == "python:3.11-bookworm", f"{name}:{job_name}"


def test_pull_requests_build_test_and_keep_the_site_without_secrets():
    workflow = load("pr.yml")
    assert set(workflow["on"]) == {"pull_request"}  # never pull_request_target
    assert "secrets." not in (WORKFLOWS / "pr.yml").read_text(encoding="utf-8")
    commands = [step.get("run") for step in steps(workflow)]
    assert commands.index("make site") < commands.index("make test")
    upload = next(step for step in steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_main_is_published_with_deploy_pages():
    workflow = load("pages.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "") for step in steps(workflow)]
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    build = next(step for step in steps(workflow) if step.get("run") == "make site")
    # The published address and repository come from GitHub, never from a hard-coded guess.
    assert build["env"]["T2_SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert build["env"]["T2_REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"


def test_links_are_checked_weekly():
    workflow = load("links.yml")
    assert workflow["on"]["schedule"][0]["cron"].split()[4] in {"0", "1", "2", "3", "4", "5", "6"}
    assert "make links" in [step.get("run") for step in steps(workflow)]
