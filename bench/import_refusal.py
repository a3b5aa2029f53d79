"""Benchmark: an import of 50,000 patients with one bad record near the end (issue 27: "refused
whole with the first problems listed, in bounded memory"), beside the same for 5,000 patients.

Each file is the synthetic demo patients again and again under other ids (as bench/registry.py
builds a registry), written as a JSON export, one record near the end given an invalid sex.
`python -m igg4rd import FILE --database sqlite:///…` runs in a subprocess; printed for each
size: the file's size, the exit code, the first problem lines of standard error, the seconds,
the subprocess's peak resident memory (its own rusage, `os.wait4`), that memory less the
refusal of a file of one empty record (the interpreter and its imports), as a multiple of the
file's size, and the patients in the database afterwards (0: nothing kept). Then the largest
file again with its first record bad, and the ratio of the two sizes' extra memory: about 10
(the files' ratio) if memory followed the file.
Goal: exit 2, the bad record named, 0 patients stored; memory bounded: the file is streamed
and checked whole before anything is kept (one record and the ids held), so the extra memory
is a small part of the file's size and grows far less than the file.
Run: python bench/import_refusal.py [SIZE ...] (default 5000 50000)
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from igg4rd.storage.store import Store  # noqa: E402
from igg4rd.synthetic.patients import demo_patients  # noqa: E402

TODAY = date(2025, 6, 1)
BAD_FROM_END = 10  # the bad record: this many records before the end
PROBLEM_LINES = 4  # standard error's lines shown (the progress lines left out)
PROGRESS = re.compile(r"(checked|read) [\d,]+ (of [\d,]+ )?record")


def write_export(path: Path, size: int, bad: int) -> None:
    """`size` demo patients under new ids as a JSON list, the one at index `bad` invalid."""
    demo = [p.to_record() for p in demo_patients(TODAY)]
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for i in range(size):
            record = {**demo[i % len(demo)], "id": f"p{i:06d}", "synthetic": False}
            if i == bad:
                record["sex"] = "robot"
            out.write(("" if i == 0 else ",\n") + json.dumps(record))
        out.write("\n]\n")


def run_import(path: Path, database: str) -> tuple[int, str, float, float]:
    """The command line's import of `path`: exit code, standard error, seconds and peak resident
    memory in MB, of that subprocess alone."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "igg4rd", "import", str(path), "--database", database],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        return process.returncode, err.read().decode("utf-8"), seconds, usage.ru_maxrss / 1024


def stored(database: str) -> int:
    """Patients in the database, archived or not."""
    return len(Store.open(database)[0].list_patients(include_archived=True))


def measure(folder: Path, size: int, bad: int, empty_mb: float) -> float:
    """Print the figures of `size` patients, the one at index `bad` invalid; the peak memory
    beyond the one-record refusal's (MB)."""
    path = folder / f"registry-{size}-{bad}.json"
    write_export(path, size, bad)
    database = f"sqlite:///{folder / f'import-{size}-{bad}.db'}"
    code, err, seconds, peak = run_import(path, database)
    file_mb = path.stat().st_size / 2**20
    extra = peak - empty_mb
    lines = [line for line in err.splitlines() if not PROGRESS.match(line)]
    print(f"{size:,} patients ({file_mb:.1f} MB file, record {bad + 1:,} bad): "
          f"exit {code} in {seconds:.1f} s; peak {peak:.0f} MB, {extra:.0f} MB over a one-record "
          f"refusal ({extra / file_mb:.1f} × the file); {stored(database)} patient(s) stored")
    for line in lines[:PROBLEM_LINES]:
        print(f"    {line}")
    if len(lines) > PROBLEM_LINES:
        print(f"    … {len(lines) - PROBLEM_LINES} more line(s) (and the progress lines)")
    return extra


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [5000, 50000]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        empty = folder / "empty.json"
        empty.write_text("[{}]\n", encoding="utf-8")
        code, _err, _seconds, empty_mb = run_import(empty, f"sqlite:///{folder / 'empty.db'}")
        print(f"a file of one empty record (exit {code}): peak {empty_mb:.0f} MB")
        extra = {size: measure(folder, size, size - BAD_FROM_END, empty_mb) for size in sizes}
        measure(folder, max(sizes), 0, empty_mb)
    if len(sizes) > 1:
        small, large = min(sizes), max(sizes)
        print(f"extra memory, {large:,} against {small:,} patients: "
              f"{extra[large] / extra[small]:.1f}× for a {large / small:.0f}× file")


if __name__ == "__main__":
    main()
