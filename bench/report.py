"""Benchmark: median time to build one patient's PDF report (goal < 1.5 s on this machine).

Measured in-process after one warm-up report (fonts and matplotlib loaded), over the demo
patients, and separately the first report of a fresh process (imports included).
Run: python bench/report.py
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

from igg4rd.render.pdf import report_pdf  # noqa: E402
from igg4rd.rules.assessment import assess  # noqa: E402
from igg4rd.synthetic.patients import demo_patients  # noqa: E402

COLD = ("import time; t = time.perf_counter(); from datetime import date; "
        "from igg4rd.rules.assessment import assess; "
        "from igg4rd.synthetic.patients import demo_patients; "
        "from igg4rd.render.pdf import report_pdf; "
        "report_pdf([assess(demo_patients(date(2026, 11, 25))[2], date(2026, 11, 25))]); "
        "print(time.perf_counter() - t)")


def main() -> None:
    today = date(2026, 11, 25)
    assessments = [assess(p, today) for p in demo_patients(today)]
    report_pdf(assessments[:1])
    times = []
    for _ in range(3):
        for assessment in assessments:
            start = time.perf_counter()
            report_pdf([assessment])
            times.append(time.perf_counter() - start)
    cold = [float(subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True,
                                 check=True, cwd=ROOT).stdout) for _ in range(3)]
    print(f"one-page report, warm: median {statistics.median(times) * 1000:.0f} ms over "
          f"{len(times)} reports (goal < 1500 ms)")
    print(f"first report of a fresh process (imports included): median "
          f"{statistics.median(cold) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
