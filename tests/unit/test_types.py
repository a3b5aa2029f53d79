"""The type checker (mypy, configured in pyproject.toml [tool.mypy]) finds no error in igg4rd/,
and the linter (ruff, [tool.ruff]: line length, import order, bugbear) none in the repository,
as tests/unit/test_layers.py runs import-linter: a wrong type or a long line fails the suite,
not a review."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MYPY = str(Path(sys.executable).with_name("mypy"))
RUFF = str(Path(sys.executable).with_name("ruff"))


def _mypy(*args: str) -> subprocess.CompletedProcess:
    # the incremental cache (.mypy_cache, not committed) makes a second run take seconds
    return subprocess.run([MYPY, *args], cwd=ROOT, capture_output=True, text=True)


def test_every_module_of_igg4rd_type_checks():
    modules = len(list((ROOT / "igg4rd").rglob("*.py")))
    result = _mypy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Success: no issues found in {modules} source files" in result.stdout


def test_the_configuration_reports_a_wrong_type(tmp_path):
    """A module using igg4rd, checked with the same configuration: a wrong assignment, and
    inside a function without annotations (check_untyped_defs) a possibly missing value used."""
    probe = tmp_path / "probe.py"
    probe.write_text("from igg4rd.rules.model import Patient\n\n"
                     "WRONG: int = 'forty-seven'\n\n\n"
                     "def untyped():\n"
                     "    return Patient.model_validate({}).age_years + 1\n")
    result = _mypy(str(probe))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "probe.py:3: error" in result.stdout and "[assignment]" in result.stdout
    assert "probe.py:7: error" in result.stdout and "[operator]" in result.stdout


def test_the_repository_passes_the_linter():
    result = subprocess.run([RUFF, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
