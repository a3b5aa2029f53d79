"""The rows of the cohort's tables, typed (`tables` builds them; charts read them); a table
becomes a DataFrame only at the edge (`frame`), for the page, the CSV download, the command line
and the JSON answer. There a group's values are columns named `<group>:<field>` (`gc:or`,
`gc+im:shown`, `cohort:rate`), and the published ones `published:<group>`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Table1Row:
    """Table 1: n (%) of the patients with the value recorded, or median (Q1, Q3)."""

    row: str
    label: str
    value: str
    recorded: int
    missing: int
    published: str
    reproduced: bool | None


@dataclass(frozen=True)
class Table2Row:
    """Table 2: a baseline or outcome row by regimen (`shown`, `recorded` keyed by regimen), the
    test and its p; `published` keyed by regimen and 'p'."""

    row: str
    label: str
    shown: dict[str, str]
    recorded: dict[str, int]
    p: float | None
    p_shown: str
    test: str
    note: str
    published: dict[str, str]
    reproduced: bool | None


@dataclass(frozen=True)
class OddsRatioCell:
    """A Table 3 factor's univariate odds ratio within one regimen, or why there is none."""

    odds_ratio: float | None = field(metadata={"column": "or"})
    low: float | None
    high: float | None
    p: float | None
    note: str
    shown: str
    published: str


@dataclass(frozen=True)
class Table3Row:
    """Table 3: one group of a candidate factor, its odds ratio by regimen."""

    row: str
    factor: str
    label: str
    by_regimen: dict[str, OddsRatioCell]
    reproduced: bool | None


@dataclass(frozen=True)
class Rate:
    """`failed` of `patients`, with the exact 95% interval (None without patients)."""

    failed: int
    patients: int
    rate: float | None
    low: float | None
    high: float | None
    shown: str


@dataclass(frozen=True)
class PublishedRate(Rate):
    """A rate beside the published one (Fig. 3b, by regimen)."""

    published: str = ""


@dataclass(frozen=True)
class Fig3bRow:
    """Fig. 3b: failures in an organ among the patients with it involved, by regimen."""

    row: str
    label: str
    by_regimen: dict[str, PublishedRate]
    reproduced: bool | None


@dataclass(frozen=True)
class Fig3cRow:
    """Fig. 3c: failure on GC monotherapy in one risk-factor stratum."""

    row: str
    label: str
    cohort: Rate
    published: str
    reproduced: bool


@dataclass(frozen=True)
class OutcomeGroup:
    """The patients of one outcome with a month-6 value: their count and median (Q1, Q3)."""

    n: int
    shown: str


@dataclass(frozen=True)
class Fig4Row:
    """Fig. 4: a month-6 laboratory value by outcome; `published` keyed by outcome and 'p'."""

    row: str
    label: str
    unit: str
    by_outcome: dict[str, OutcomeGroup]
    p: float | None
    p_shown: str
    note: str
    published: dict[str, str]
    reproduced: bool | None


def _column(item: Any) -> Any:
    return item.metadata.get("column", item.name)


def _group_columns(group: str, value: Any, name: str) -> dict[str, Any]:
    """One group's columns: a cell's fields as `<group>:<field>` (its published value as
    `published:<group>`), or a plain value as `<group>:<name>` (`published:<group>`)."""
    if not is_dataclass(value):
        return {f"published:{group}" if name == "published" else f"{group}:{name}": value}
    return {f"published:{group}" if item.name == "published" else f"{group}:{_column(item)}":
            getattr(value, item.name) for item in fields(value)}


def columns(row: Any) -> dict[str, Any]:
    """A row's columns, in the order of its fields: a field keyed by group (a regimen, an
    outcome) or holding a cell spreads into one column per group and field."""
    out: dict[str, Any] = {}
    for item in fields(row):
        value = getattr(row, item.name)
        if isinstance(value, Mapping):
            for group, grouped in value.items():
                out.update(_group_columns(group, grouped, item.name))
        elif is_dataclass(value):  # a cell of its own (Fig. 3c's cohort): its name is the group
            out.update(_group_columns(item.name, value, item.name))
        else:
            out[_column(item)] = value
    return out


def frame(rows: Iterable[Any]) -> pd.DataFrame:
    """A table's rows as a DataFrame, one column per `columns`."""
    return pd.DataFrame([columns(row) for row in rows])
