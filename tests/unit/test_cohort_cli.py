"""`python -m igg4rd cohort FILE --json`: the tables as JSON; exit 2 on invalid input."""
from __future__ import annotations

import json

from igg4rd.cli import main
from tests.unit.helpers import record, visit


def _cohort_file(tmp_path, records) -> str:
    path = tmp_path / "cohort.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    return str(path)


def test_json_tables_keyed_by_row_and_regimen(tmp_path, capsys):
    records = [record([visit(1, 6, 30), visit(3, 4, 20, relapse=i == 0), visit(6, 3, 7.5)],
                      id=f"p{i}", regimen=("gc", "gc+im")[i % 2]) for i in range(4)]
    assert main(["cohort", _cohort_file(tmp_path, records), "--json",
                 "--as-of", "2025-06-01"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["counts"]["analysed"] == 4
    assert answer["table2"]["failure"]["gc"]["shown"] == "1 (50.0%)"
    assert answer["table2"]["failure"]["published"]["p"] == "0.008"
    assert set(answer["table3"]["lacrimal"]) >= {"gc", "gc+im", "published"}
    assert set(answer) >= {"table1", "table2", "table3", "fig3b", "fig3c", "fig4"}


def test_stage_end(tmp_path, capsys):
    path = _cohort_file(tmp_path, [record([visit(1, 6, 30), visit(6, 3, 7.5)])])
    assert main(["cohort", path, "--json", "--as-of", "stage-end"]) == 0
    assert json.loads(capsys.readouterr().out)["as_of"] == "stage end"


def test_invalid_record_exits_2_naming_it(tmp_path, capsys):
    path = _cohort_file(tmp_path, [record([], id="bad", sex="robot")])
    assert main(["cohort", path, "--json"]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "bad" in out.err and "sex" in out.err


def test_unreadable_file_exits_2(tmp_path, capsys):
    assert main(["cohort", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_a_long_cohort_reports_its_progress_on_standard_error(tmp_path, capsys):
    records = [record([visit(1, 6, 30), visit(6, 3, 7.5)], id=f"p{i:04d}") for i in range(2500)]
    path = _cohort_file(tmp_path, records)
    assert main(["cohort", path, "--json", "--as-of", "2025-06-01"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["counts"]["patients"] == 2500  # standard output: the JSON alone
    assert out.err.splitlines() == [  # the file checked whole first, then analysed
        *(f"checked {n:,} record(s)… (Ctrl+C cancels)" for n in (1000, 2000)),
        *(f"analysed {n:,} of 2,500 patient(s)… (Ctrl+C cancels)" for n in (1000, 2000))]
    assert main(["cohort", path, "--as-of", "2025-06-01"]) == 0
    assert capsys.readouterr().out.startswith("as of 2025-06-01: {'patients': 2500")


def test_a_cancelled_cohort_prints_nothing(tmp_path, capsys, monkeypatch):
    from igg4rd.cohort import analysis

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(analysis, "analyse", interrupted)
    path = _cohort_file(tmp_path, [record([visit(1, 6, 30)])])
    assert main(["cohort", path, "--json"]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "cancelled: nothing analysed from" in out.err
