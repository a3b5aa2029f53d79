"""Benchmark: the cohort analysis end to end, from a JSON file of synthetic patients to every
table (default 100,000 patients with 8 visits each).

Measured on one file (making and writing it is not measured), each step in a fresh process with
its peak resident memory (VmHWM):
- reading: the file read, parsed and every record validated (`load_records`): what a user waits
  for before anything is computed;
- end to end: read, validate and judge every patient by the single-patient rules, then every
  table (`analyse` over `read_records`: patients streamed, never all held).
Goal: end to end faster than the whole analysis before the cohort was built from per-patient
results (29.1 s here: 23.5 s reading and validating, 5.6 s columns and tables, peak 2.53 GB), and
peak memory under 2 GB.
Run: python bench/cohort.py [N]
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from igg4rd.synthetic.patients import iter_synthetic_population  # noqa: E402

TODAY = date(2026, 11, 1)
BEFORE_S, BEFORE_GB = 29.1, 2.53

READ = """
import sys, time
from pathlib import Path
from igg4rd.storage.exchange import load_records
start = time.perf_counter()
patients = load_records(Path(sys.argv[1]).read_bytes(), "json")
seconds = time.perf_counter() - start
peak = Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]
print(seconds, peak, len(patients))
"""
END_TO_END = """
import sys, time
from datetime import date
from pathlib import Path
from igg4rd.cohort.analysis import analyse
from igg4rd.storage.exchange import read_records
start = time.perf_counter()
analysis = analyse(read_records(Path(sys.argv[1]).read_bytes(), "json"),
                   date.fromisoformat(sys.argv[2]))
seconds = time.perf_counter() - start
peak = Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0]
print(seconds, peak, analysis.counts["patients"])
"""


def write_population(path: Path, n: int) -> None:
    """`n` synthetic patients with 8 visits each, as a JSON list of records."""
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        for i, patient in enumerate(iter_synthetic_population(n, TODAY, n_visits=8)):
            out.write((",\n" if i else "") + patient.model_dump_json(exclude_none=True))
        out.write("]\n")


def measure(script: str, path: Path) -> tuple[float, float, int]:
    """(seconds, peak GB, patients) of `script` run on `path` in a fresh process."""
    done = subprocess.run([sys.executable, "-c", script, str(path), TODAY.isoformat()],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    seconds, peak_kib, count = done.stdout.split()
    return float(seconds), int(peak_kib) / 1024**2, int(count)


def main(n: int = 100_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cohort.json"
        start = time.perf_counter()
        write_population(path, n)
        print(f"file: {n:,} synthetic patients, 8 visits each, {path.stat().st_size / 1e6:.0f} MB "
              f"(written in {time.perf_counter() - start:.1f} s, not measured)")
        seconds, peak, count = measure(READ, path)
        print(f"reading (parse and validate every record)   {seconds:7.2f} s  peak {peak:.2f} GB")
        seconds, peak, count = measure(END_TO_END, path)
        print(f"end to end (read, judge, every table)       {seconds:7.2f} s  peak {peak:.2f} GB"
              f"   goal < {BEFORE_S} s (before), < 2 GB")
        print(f"  {BEFORE_S / seconds:.1f}x faster than before ({BEFORE_S} s, {BEFORE_GB} GB); "
              f"{count:,} patients analysed")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
