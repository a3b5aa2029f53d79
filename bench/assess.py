"""Benchmark: assess 10,000 synthetic patients with 8 visits each; import time of the core.

Goals (issue 2): the whole batch under 1 s of CPU; `import igg4rd` under 150 ms, with plotly,
scipy and statsmodels kept out of the import path of the core rules.
Run: python bench/assess.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from igg4rd.rules.assessment import assess  # noqa: E402
from igg4rd.synthetic.patients import synthetic_population  # noqa: E402

HEAVY = ("plotly", "scipy", "statsmodels", "streamlit", "pandas")
IMPORT_PROBE = (
    "import sys, time; t = time.perf_counter(); import {module}; "
    "print(time.perf_counter() - t, *[m for m in {heavy!r} if m in sys.modules])"
)


def import_seconds(module: str, runs: int = 7) -> tuple[float, list[str]]:
    """Median wall time of importing `module` in a fresh interpreter, and heavy modules seen."""
    times, heavy = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", IMPORT_PROBE.format(module=module,
                                                                        heavy=HEAVY)],
                             capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
        times.append(float(out[0]))
        heavy = out[1:]
    return statistics.median(times), heavy


def main() -> None:
    today = date(2026, 11, 25)
    patients = synthetic_population(10_000, today, n_visits=8)
    cpu = []
    for _ in range(3):
        start = time.process_time()
        outcomes = [assess(p, today).goals.outcome for p in patients]
        cpu.append(time.process_time() - start)
    print(f"assess 10,000 patients x 8 visits: {min(cpu):.3f} s CPU (best of 3; goal < 1 s); "
          f"{len(set(outcomes))} distinct outcomes")
    for module in ("igg4rd", "igg4rd.rules.assessment"):
        seconds, heavy = import_seconds(module)
        print(f"import {module}: {seconds * 1000:.0f} ms (median of 7; goal < 150 ms); "
              f"heavy modules loaded: {heavy or 'none'}")


if __name__ == "__main__":
    main()
