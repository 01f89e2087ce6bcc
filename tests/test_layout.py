"""The package layout keeps its promises: the model, the checks and the outputs load without a site
builder, so another builder (or none) can drive them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILDER_FREE = ("macros", "macros.paths", "macros.content.loader", "macros.checks.rules", "macros.checks.prose",
                "macros.outputs.open_data", "macros.outputs.print_html", "macros.outputs.adaptable",
                "macros.outputs.search_index")


def modules_loaded_by(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_model_checks_and_outputs_load_without_mkdocs():
    loaded = {module: sorted(m for m in modules_loaded_by(module) if m.split(".")[0] in ("mkdocs", "material"))
              for module in BUILDER_FREE}
    assert loaded == {module: [] for module in BUILDER_FREE}


def test_the_check_sees_the_builder_when_it_is_loaded():
    assert "mkdocs" in modules_loaded_by("macros.site_hooks")
