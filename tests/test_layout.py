"""The package layout keeps its promises: the model, the checks and the outputs load without a site
builder, so another builder (or none) can drive them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("content", "checks", "outputs")
# Every module of the model, the checks and the outputs, found on disk so a new one is held to it too.
BUILDER_FREE = ("macros", "macros.paths", "macros.site_build", *sorted(
    f"macros.{role}.{path.stem}" for role in ROLES for path in (ROOT / "macros" / role).glob("*.py")
    if path.stem != "__init__"))


def modules_loaded_by(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_every_module_is_held_to_it():
    assert {"macros.outputs.site_pages", "macros.outputs.builder_input", "macros.checks.validated"} <= set(BUILDER_FREE)


def test_model_checks_and_outputs_load_without_mkdocs():
    loaded = {module: sorted(m for m in modules_loaded_by(module) if m.split(".")[0] in ("mkdocs", "material"))
              for module in BUILDER_FREE}
    assert loaded == {module: [] for module in BUILDER_FREE}


def test_the_check_sees_the_builder_when_it_is_loaded():
    assert "mkdocs" in modules_loaded_by("macros.site_hooks")
