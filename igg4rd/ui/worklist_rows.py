"""The worklist's rows, computed once per process and shared by every session (docs/architecture.md,
'computed once per process'): each registry patient's row (status, month of the stage, next
visit, next step, stratum) for an assessment date, thresholds and language, refreshed for exactly
the patients written since (the store's change counter: a save on another replica shows on this
one's next rerun, without a timer). A session keeps only the rows it shows; the records behind
them are read here once, never held by a session.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from igg4rd.language.i18n import current_language
from igg4rd.render.worklist import WorklistRow, worklist_row
from igg4rd.rules.thresholds import Thresholds
from igg4rd.storage.store import Store

KEPT = 4  # row sets kept: today's in each language, and a review of the past or two
BATCH = 1000  # records read and judged at a time


@dataclass
class _RowSet:
    """Every patient's row for one (date, thresholds, language), as of change number `seen`."""

    seen: int = -1
    rows: dict[str, tuple[int, bool, WorklistRow]] = field(default_factory=dict)


class SharedRows:
    """The rows of one store's patients; thread-safe (one object serves every session)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._sets: OrderedDict[tuple, _RowSet] = OrderedDict()
        self._lock = threading.Lock()
        self._versions: dict[str, tuple[int, bool]] = {}  # id -> (version, archived)
        self._versions_seen, self._active = -1, 0

    def stored_version(self, patient_id: str, change: int) -> int | None:
        """An active patient's stored version as of change number `change` (None if there is
        none or it is archived): asked of the database once a change for every session, not
        once a rerun by each."""
        with self._lock:
            self._refresh_versions(change)
            version, archived = self._versions.get(patient_id, (None, True))
            return None if archived else version

    def active_count(self, change: int) -> int:
        """How many patients are active (not archived) as of change number `change`."""
        with self._lock:
            self._refresh_versions(change)
            return self._active

    def _refresh_versions(self, now: int) -> None:
        if now <= self._versions_seen:
            return
        for patient_id, version, archived in self.store.changed_since(self._versions_seen):
            _old, was_archived = self._versions.get(patient_id, (None, True))
            self._active += int(was_archived) - int(archived)
            self._versions[patient_id] = (version, archived)
        self._versions_seen = now

    def rows(self, as_of: date, thresholds: Thresholds, include_archived: bool,
             change: int | None = None) -> list[tuple[WorklistRow, bool]]:
        """Every patient's row and whether it is archived (archived ones only if asked), up to
        date with the store's change number `change` (the last one, unless the caller read
        it)."""
        key = (as_of, thresholds, current_language())
        with self._lock:
            row_set = self._sets.pop(key, None) or _RowSet()
            self._sets[key] = row_set
            while len(self._sets) > KEPT:
                self._sets.popitem(last=False)
            self._refresh(row_set, as_of, thresholds,
                          self.store.change_count() if change is None else change)
            return [(row, archived) for _version, archived, row in row_set.rows.values()
                    if include_archived or not archived]

    def _refresh(self, row_set: _RowSet, as_of: date, thresholds: Thresholds, now: int
                 ) -> None:
        """Judge again the patients written after `row_set.seen` up to change number `now`
        (every one, the first time)."""
        if now <= row_set.seen:
            return
        stale = [pid for pid, version, _archived in self.store.changed_since(row_set.seen)
                 if row_set.rows.get(pid, (None,))[0] != version]
        for chunk in range(0, len(stale), BATCH):
            for pid, stored in self.store.records(stale[chunk:chunk + BATCH]).items():
                row_set.rows[pid] = (stored.version, stored.archived,
                                     worklist_row(stored.patient, as_of, thresholds))
        row_set.seen = now
