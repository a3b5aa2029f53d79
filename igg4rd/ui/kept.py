"""Results kept once per process and shared by every session, the most recently used first: a
long computation that shows its progress cannot run inside `st.cache_data` (the elements it
updates would be recorded and replayed), so it runs outside and its finished result is kept
here. A run stopped midway (a cancel) keeps nothing."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    """The last `size` results, by key; thread-safe (one object serves every session)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._results: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        """The result kept for `key` (now the most recently used), or None."""
        with self._lock:
            if key not in self._results:
                return None
            self._results.move_to_end(key)
            return self._results[key]

    def put(self, key: Hashable, result: V) -> None:
        """Keep `result` for `key`, letting the least recently used go beyond `size`."""
        with self._lock:
            self._results[key] = result
            self._results.move_to_end(key)
            while len(self._results) > self.size:
                self._results.popitem(last=False)
