"""Cohort analytics: the paper's analysis on a clinic's own patients, beside the published figures.

Each patient is judged by the single-patient rules (`results`); the tables (`tables`) are built
from those per-patient results. Only patients with an outcome (success or failure) as of the
assessment date are analysed; the pending and insufficient-data patients are counted, not
dropped silently.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from igg4rd.cohort import tables
from igg4rd.cohort.results import Progress, judged, results_frame
from igg4rd.cohort.rows import Fig3bRow, Fig3cRow, Fig4Row, Table1Row, Table2Row, Table3Row, frame
from igg4rd.rules.codes import Outcome
from igg4rd.rules.model import Patient
from igg4rd.rules.thresholds import DEFAULTS, Thresholds

TABLES = ("table1", "table2", "table3", "fig3b", "fig3c", "fig4")


@dataclass(frozen=True)
class CohortAnalysis:
    """Every table of the analysis as typed rows (`rows`), the counts behind it, and the date it
    was judged at. `results` holds one row per patient (`results.COLUMNS`)."""

    as_of: str
    counts: dict[str, int]
    table1: tuple[Table1Row, ...]
    table2: tuple[Table2Row, ...]
    table3: tuple[Table3Row, ...]
    fig3b: tuple[Fig3bRow, ...]
    fig3c: tuple[Fig3cRow, ...]
    fig3c_p: float | None
    fig3c_note: str
    fig4: tuple[Fig4Row, ...]
    results: pd.DataFrame = field(repr=False)

    def frame(self, name: str) -> pd.DataFrame:
        """The table `name` (one of `TABLES`) as a DataFrame: the page's, the CSV's and the
        command line's."""
        return frame(getattr(self, name))

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: self.frame(name) for name in TABLES}

    def to_json(self) -> dict[str, Any]:
        """The tables as JSON: rows keyed by `row`, per-regimen fields nested by regimen."""
        return {"as_of": self.as_of, "counts": self.counts,
                **{name: _rows_json(table) for name, table in self.frames().items()},
                "fig3c_p_0_1_vs_2_4": self.fig3c_p, "fig3c_note": self.fig3c_note}


def _json_value(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    return value


def _rows_json(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    rows = {}
    for record in frame.to_dict("records"):
        out: dict[str, Any] = {}
        for column, value in record.items():
            if column == "row":
                continue
            group, _, name = str(column).rpartition(":")
            target = out.setdefault(group, {}) if group else out
            target[name] = _json_value(value)
        rows[str(record["row"])] = out
    return rows


def analyse(patients: Iterable[Patient], as_of: date | None = None,
            thresholds: Thresholds = DEFAULTS, progress: Progress | None = None
            ) -> CohortAnalysis:
    """Every patient judged as of `as_of` (None: each at its stage end), then every table.
    Patients may be streamed in; `progress(n)` is called every 1,000 patients. The tables' labels
    and notes are written in the language of the run (a cache of analyses keys on it)."""
    results = results_frame(patients, as_of, thresholds, progress)
    counts = {"patients": len(results),
              **{str(k): int(v) for k, v in results["outcome"].value_counts().items()}}
    data = results[judged(results)]
    data = pd.concat([data, tables.table_factors(data, thresholds)], axis=1)
    data["failed"] = (data["outcome"] == Outcome.FAILURE).to_numpy()
    counts["analysed"] = len(data)
    counts.update({r: int((data["regimen"] == r).sum()) for r in tables.REGIMENS})
    return CohortAnalysis(as_of.isoformat() if as_of else "stage end", counts,
                          tables.table1(data), tables.table2(data), tables.table3(data),
                          tables.fig3b(data), *tables.fig3c(data), tables.fig4(data), results)
