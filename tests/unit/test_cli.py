"""`python -m igg4rd` run as a subprocess: the interchange contract's command line."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from igg4rd.rules.model import parse_patient
from tests.unit.helpers import record, visit

SUCCESS = record([visit(1, 8, 30), visit(3, 5, 20), visit(6, 3, 7.5)],
                 baseline={"eosinophils_pct": 2.0})


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "igg4rd", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_good_record_prints_the_assessment(tmp_path: Path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(SUCCESS))
    done = run("assess", str(path), "--as-of", "2024-10-01")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["outcome"] == "success"
    assert result["goals"]["gc_maintenance"] == {"met": True, "dose_mg": 7.5}
    assert result["risk"] == {"applies": True, "count": 0, "stratum": "0", "failure_rate": 0.08,
                              "factors": {"eosinophilia": False, "high_baseline_ri": False,
                                          "five_or_more_sites": False, "dacryoadenitis": False}}


def test_standard_input_and_as_of():
    done = run("assess", "-", "--as-of", "2024-05-01", stdin=json.dumps(SUCCESS))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "pending"


def test_bad_record_exits_2_naming_the_field_with_nothing_on_stdout():
    bad = json.loads(json.dumps(SUCCESS))
    bad["visits"][1]["gc_dose_mg"] = -20
    done = run("assess", "-", stdin=json.dumps(bad))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "visits[1].gc_dose_mg = -20" in done.stderr
    assert "Traceback" not in done.stderr


def test_unreadable_input_exits_2():
    assert run("assess", "/nonexistent/p.json").returncode == 2
    done = run("assess", "-", stdin="[1, 2")
    assert done.returncode == 2 and "not valid JSON" in done.stderr


def test_demo_writes_valid_synthetic_records(tmp_path: Path):
    done = run("demo", "--out", str(tmp_path), "--as-of", "2026-01-15")
    assert done.returncode == 0, done.stderr
    files = sorted(tmp_path.glob("*.json"))
    assert len(files) == 8
    first = json.loads(files[0].read_text())
    assert first["synthetic"] is True
    checked = run("assess", str(files[0]), "--as-of", "2026-01-15")
    assert json.loads(checked.stdout)["outcome"] == "success"


def test_hostile_or_impossible_inputs_exit_2_without_a_traceback(tmp_path: Path):
    record = tmp_path / "p.json"
    record.write_text(json.dumps(SUCCESS))
    for args, stdin in ((("assess", "-"), "[" * 100_000),
                        (("report", str(record), "--out", "/nonexistent/dir/r.pdf"), None),
                        (("import", str(record), "--database", "not-a-url"), None),
                        (("export", "--database", "not-a-url"), None)):
        done = run(*args, stdin=stdin)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stdout == "" and "Traceback" not in done.stderr


def test_import_refuses_unusual_values_unless_accepted(tmp_path, capsys):
    """A dose a form would ask about is not imported silently (exit 2, each listed)."""
    from igg4rd.cli import main
    from tests.unit.helpers import record, visit

    source = tmp_path / "unusual.json"
    source.write_text(json.dumps([record([visit(1, ri=6, dose=900)], id="cli-heavy")]))
    database = f"sqlite:///{tmp_path / 'clinic.db'}"
    assert main(["import", str(source), "--database", database]) == 2
    err = capsys.readouterr().err
    assert "2 unusual value(s)" in err and "--accept-unusual" in err
    assert "cli-heavy: Visit of 2024-04-03, dose: 900 mg/day" in err
    assert main(["export", "--database", database]) == 0
    assert json.loads(capsys.readouterr().out) == []  # nothing imported
    assert main(["import", str(source), "--database", database, "--accept-unusual"]) == 0
    capsys.readouterr()
    assert main(["export", "--database", database]) == 0
    assert json.loads(capsys.readouterr().out)[0]["visits"][0]["gc_dose_mg"] == 900


def test_a_long_import_reports_its_progress(tmp_path, capsys):
    from igg4rd.cli import main
    from igg4rd.storage.store import PROGRESS_EVERY

    records = [record([visit(1, ri=6, dose=30)], id=f"p{i:04d}") for i in range(PROGRESS_EVERY)]
    source = tmp_path / "many.json"
    source.write_text(json.dumps(records))
    assert main(["import", str(source), "--database", f"sqlite:///{tmp_path / 'c.db'}"]) == 0
    err = capsys.readouterr().err
    assert f"imported {PROGRESS_EVERY:,} of {PROGRESS_EVERY:,} patient(s)" in err


def test_a_long_file_with_one_bad_record_is_refused_whole(tmp_path, capsys):
    """One bad record near the end of 3,000: exit 2 naming it after the check's progress,
    nothing stored."""
    from igg4rd.cli import main

    records = [record([visit(1, ri=6, dose=30)], id=f"p{i:04d}") for i in range(3000)]
    records[2990]["sex"] = "robot"
    source = tmp_path / "long.json"
    source.write_text(json.dumps(records))
    database = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["import", str(source), "--database", database]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "checked 2,000 record(s)…" in out.err
    assert "read 1,000 of" not in out.err  # a refused file is not read a second time
    assert out.err.split("nothing done:\n")[1].startswith("  record 2991 (id p2990): sex")
    assert main(["export", "--database", database]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_long_export_reports_its_progress_and_a_cancel_writes_nothing(tmp_path, capsys,
                                                                         monkeypatch, fmt):
    """Issue 27: exporting a large registry says how far it is on standard error; Ctrl+C
    (here: raised by the third progress report) exits 2 with nothing on standard output."""
    from igg4rd import cli
    from igg4rd.storage.store import Store

    store = Store.open(database := f"sqlite:///{tmp_path / 'c.db'}")[0]
    store.import_patients([parse_patient(record([visit(1, ri=6, dose=30)], id=f"p{i:04d}"))
                           for i in range(2500)], "admin")
    assert cli.main(["export", "--database", database, "--format", fmt]) == 0
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        f"exported {n:,} of 2,500 patient(s)… (Ctrl+C cancels: nothing is written)"
        for n in (1000, 2000)]
    assert out.out.count("p2499") >= 1
    said = cli._counted

    def cancelling(*words):
        report = said(*words)
        return lambda done, total: (report(done, total), done < 2000 or _interrupt())

    monkeypatch.setattr(cli, "_counted", cancelling)
    assert cli.main(["export", "--database", database, "--format", fmt]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "cancelled: nothing exported" in out.err


def _interrupt():
    raise KeyboardInterrupt
