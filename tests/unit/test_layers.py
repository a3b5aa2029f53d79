"""The package's layers (pyproject.toml, [tool.importlinter]): ui and the command line above
renderers, storage and data entry, above the cohort and the synthetic data, above the rules, above
the vocabulary; no Streamlit outside igg4rd.ui; renderers never import storage."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = str(Path(sys.executable).with_name("lint-imports"))


def _lint(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([LINT, "--no-cache"], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(root)})


def test_the_layer_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout


def test_a_rule_importing_streamlit_or_a_renderer_importing_storage_is_refused(tmp_path):
    shutil.copytree(ROOT / "igg4rd", tmp_path / "igg4rd",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "igg4rd" / "rules" / "dates.py").open("a") as rules:
        rules.write("\nimport streamlit  # noqa\n")
    with (tmp_path / "igg4rd" / "render" / "series.py").open("a") as render:
        render.write("\nfrom igg4rd.storage import store  # noqa\n")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "igg4rd.render is not allowed to import igg4rd.storage" in result.stdout
    assert "igg4rd.rules.dates -> streamlit" in result.stdout
