"""Benchmark: the cohort analysis on 100,000 synthetic patients with 8 visits each (issue 5).

Measured, each on the same population (generating it is not measured):
- columns: records (validated `Patient`s) to columns, the one Python pass (`cohort_frames`);
- outcomes: the vectorised per-patient outcomes (`cohort.outcomes`);
- tables: Tables 1-3, Fig. 3b, 3c, 4 (`cohort.analyse` minus its outcomes);
- loop: the straightforward per-patient loop, `goals.assess_goals` for every patient.
Goals: the whole analysis under 5 s, outcomes at least 20x faster than the loop, peak memory
under 2 GB. Memory is printed three ways: the peak resident set of this process (the whole
population held as validated objects), the analysis's own allocations (tracemalloc), and the
peak resident set of a fresh process that streams the patients into columns one at a time and
then analyses them (no patient objects held).
Run: python bench/cohort.py [N]
"""
from __future__ import annotations

import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from igg4rd.cohort.analysis import analyse, cohort_frames, outcomes  # noqa: E402
from igg4rd.rules.goals import assess_goals  # noqa: E402
from igg4rd.synthetic.patients import synthetic_population  # noqa: E402

TODAY = date(2026, 11, 1)


def timed(label: str, run):
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    print(f"{label:<44}{seconds:8.3f} s")
    return result, seconds


def main(n: int = 100_000) -> None:
    start = time.perf_counter()
    patients = synthetic_population(n, TODAY, n_visits=8)
    visits = sum(len(p.visits) for p in patients)
    print(f"population: {n:,} synthetic patients, {visits:,} visits "
          f"(generated in {time.perf_counter() - start:.1f} s, not measured)")
    frames, t_columns = timed("records to columns (cohort_frames)", lambda: cohort_frames(patients))
    _, t_outcomes = timed("outcomes, vectorised", lambda: outcomes(frames, TODAY))
    analysis, t_analyse = timed("outcomes + all tables (analyse)", lambda: analyse(frames, TODAY))
    loop, t_loop = timed("outcomes, per-patient loop (assess_goals)",
                         lambda: [assess_goals(p, TODAY).outcome for p in patients])
    assert list(analysis.outcomes["outcome"]) == loop, "vectorised and loop outcomes differ"
    print(f"{'whole analysis (columns + outcomes + tables)':<44}{t_columns + t_analyse:8.3f} s"
          "   goal < 5 s")
    print(f"speed-up of outcomes over the loop: {t_loop / t_outcomes:6.1f}x   goal >= 20x")
    print(f"  (including records to columns:   {t_loop / (t_outcomes + t_columns):6.1f}x)")
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux
    tracemalloc.start()
    analyse(cohort_frames(patients), TODAY)
    traced = tracemalloc.get_traced_memory()[1] / 1024**3
    tracemalloc.stop()
    print(f"peak memory: process {peak_rss:.2f} GB (population included); "
          f"analysis allocations {traced:.2f} GB")
    print(f"peak memory, patients streamed into the analysis (fresh process): "
          f"{streamed_peak_gb(n):.2f} GB   goal < 2 GB")


STREAMED = """
import sys
from datetime import date
from pathlib import Path
from igg4rd.cohort.analysis import analyse, cohort_frames
from igg4rd.synthetic.patients import iter_synthetic_population
today = date.fromisoformat(sys.argv[2])
analyse(cohort_frames(iter_synthetic_population(int(sys.argv[1]), today, n_visits=8)), today)
print(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0])
"""


def streamed_peak_gb(n: int) -> float:
    """Peak resident set (GB) of a fresh process that streams `n` patients into the analysis
    (VmHWM: unlike ru_maxrss it is not inherited from the forking parent's large heap)."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", STREAMED, str(n), TODAY.isoformat()],
                          capture_output=True, text=True, check=True, cwd=root)
    return int(done.stdout.split()[-1]) / 1024**2  # KiB on Linux


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
