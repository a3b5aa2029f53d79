"""The laboratory registry (igg4rd/rules/labs.py) is the only list of laboratory values: forms,
tables, charts, audit, report, cohort and CSV columns read it (issue 28 §2). This test fails when
another list of their codes, names or units is written anywhere else in the package."""
from __future__ import annotations

import ast
from pathlib import Path

from igg4rd.rules.labs import LAB_VALUES, LABS
from igg4rd.rules.model import Labs
from igg4rd.rules.thresholds import DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = ROOT / "igg4rd" / "rules" / "labs.py"
CODES = set(LABS)
WORDS = ({lab.label for lab in LAB_VALUES} | {unit for lab in LAB_VALUES for unit in lab.units}
         | {f"{lab.label} ({lab.canonical})" for lab in LAB_VALUES})
# where laboratory codes may be written beside their words: the registry; the record model's
# fields; the paper's printed numbers, keyed by the registry's codes with the paper's units
ALLOWED = {REGISTRY, ROOT / "igg4rd" / "rules" / "model.py",
           ROOT / "igg4rd" / "rules" / "evidence.py"}


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)}


def _code(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and node.value in CODES else None


def _worded_codes(node: ast.AST) -> set[str]:
    """The laboratory codes a collection pairs with a laboratory name or unit: a dict's key
    whose value holds one, or a tuple holding a code and one."""
    if isinstance(node, ast.Dict):
        return {code for key, value in zip(node.keys, node.values, strict=True)
                if (code := _code(key)) and _strings(value) & WORDS}
    found = set()
    for element in getattr(node, "elts", ()):
        if isinstance(element, ast.Tuple):
            codes = {c for e in element.elts if (c := _code(e))}
            if codes and _strings(element) & WORDS:
                found |= codes
    return found


def lists_of_labs(path: Path) -> list[tuple[int, list[str]]]:
    """Collections written in `path` that list laboratory values: two or more codes alone (a
    tuple, list or set of them), or each beside its name or unit."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Tuple | ast.List | ast.Set | ast.Dict):
            continue
        elements = [] if isinstance(node, ast.Dict) else node.elts
        flat = [c for e in elements if (c := _code(e))]
        listed = set(flat) if len(flat) >= 2 else _worded_codes(node)
        if len(listed) >= 2:
            found.append((node.lineno, sorted(listed)))
    return found


def test_no_other_list_of_laboratory_values():
    files = [*(ROOT / "igg4rd").rglob("*.py"), *(ROOT / "pages").glob("*.py")]
    found = {str(path.relative_to(ROOT)): hits for path in files
             if path not in ALLOWED and "migrations" not in path.parts
             and (hits := lists_of_labs(path))}
    assert not found, found


def test_the_check_bites():
    written = Path(__file__).with_name("_lab_list_probe.py")
    written.write_text('LABS = ("esr", "crp")\n'
                       'HEADERS = {"esr": "ESR (mm/h)", "crp": ("CRP", "mg/L")}\n'
                       'TRENDS = (("igg4", "IgG4"), ("ige", "IgE"))\n'
                       'CUTS = {"esr": 20, "crp": 3}\n')  # numbers by code: not a list
    try:
        assert [line for line, _names in lists_of_labs(written)] == [1, 2, 3]
    finally:
        written.unlink()


def test_every_record_field_is_registered_and_every_entry_is_whole():
    assert set(Labs.model_fields) == CODES
    for lab in LAB_VALUES:
        assert lab.canonical in lab.units and lab.units == tuple(lab.ucum)
        assert lab.loinc and all(code.count("-") == 1 for code in lab.loinc)
        low, high = lab.normal_band(DEFAULTS)
        assert 0 <= low < high <= lab.plausible[1]


def test_the_registry_s_loinc_codes():
    """The codes named in issue 28 (IgG4 confirmed in Mayo Clinic Laboratories' catalogue)."""
    assert {code: lab.loinc for code, lab in LABS.items()} == {
        "igg4": ("2469-5",), "igg": ("2465-3",), "esr": ("4537-7", "30341-2"),
        "crp": ("1988-5", "30522-7"), "eosinophils_pct": ("713-8",),
        "eosinophils_count": ("711-2",), "ige": ("19113-0",)}
