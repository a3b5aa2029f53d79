"""Failed password logins, counted per client address (no Streamlit).

After `max_failures` wrong passwords from one address within `window_s` seconds, that address
waits until its oldest failure leaves the window. This slows guessing of the shared clinic
password to a few tries a minute per address, and locks no other address out. A success
clears the address's count.
"""
from __future__ import annotations

import threading
from collections import deque

MAX_FAILURES = 5
WINDOW_S = 60.0


class LoginThrottle:
    """Thread-safe: one instance serves every session of the process."""

    def __init__(self, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S) -> None:
        self.max_failures, self.window_s = max_failures, window_s
        self._failures: dict[str, deque[float]] = {}
        self._swept_at = 0.0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many addresses are remembered (those with a failure in the last two windows)."""
        return len(self._failures)

    def wait_s(self, address: str, now: float) -> float:
        """Seconds `address` must wait before it may try a password (0: it may try now)."""
        with self._lock:
            recent = self._recent(address, now)
            if len(recent) < self.max_failures:
                return 0.0
            return recent[0] + self.window_s - now

    def failed(self, address: str, now: float) -> None:
        """Count a wrong password from `address` at time `now` (seconds, monotonic)."""
        with self._lock:
            if now - self._swept_at >= self.window_s:  # forget quiet addresses, once a window
                for other in list(self._failures):
                    self._recent(other, now)
                self._swept_at = now
            self._failures.setdefault(address, deque()).append(now)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)

    def _recent(self, address: str, now: float) -> deque[float]:
        """The failures of `address` still inside the window (older ones are dropped)."""
        times = self._failures.get(address, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            self._failures.pop(address, None)
        return times
