"""Who may import what outside the product: the benchmarks (bench/) import nothing from the tests,
and the product (igg4rd/) imports neither the tests, the benchmarks nor the tooling they share
(harness/: the browser helpers)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_roots(path: Path) -> set[str]:
    """The top-level names of the modules `path` imports (absolute imports)."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.add(node.module.split(".")[0])
    return roots


def importers(folder: str, forbidden: set[str]) -> dict[str, set[str]]:
    found = {str(path.relative_to(ROOT)): imported_roots(path) & forbidden
             for path in sorted((ROOT / folder).rglob("*.py"))}
    return {path: names for path, names in found.items() if names}


def test_bench_imports_nothing_from_tests():
    assert list((ROOT / "bench").glob("*.py"))
    assert importers("bench", {"tests"}) == {}


def test_igg4rd_imports_no_tests_benchmarks_or_tooling():
    assert importers("igg4rd", {"tests", "bench", "harness"}) == {}


def test_an_import_from_tests_is_seen(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("import os\nfrom tests.e2e.screens import SCREENS  # noqa\n"
                     "if True:\n    import tests.e2e.conftest\n")
    assert imported_roots(probe) == {"os", "tests"}
