"""Password attempts, counted per client address (no Streamlit).

Every attempt counts until it proves right. Once `max_failures` attempts from one address
fall within `window_s` seconds, that address waits until its oldest one leaves the window.
This slows guessing of the shared clinic password to a few tries a minute per address. Every
client behind one address (a NAT, a proxy that is not trusted) shares its count.
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
        self._attempts: dict[str, deque[float]] = {}
        self._swept_at = 0.0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many addresses are remembered (quiet ones are forgotten once a window)."""
        return len(self._attempts)

    def attempt(self, address: str, now: float) -> float:
        """Count an attempt from `address` at `now` (seconds, monotonic) and return 0, or
        count nothing and return the seconds it must wait. Check and count are one step, so
        concurrent sessions cannot slip past the limit together."""
        with self._lock:
            self._sweep(now)
            recent = self._recent(address, now)
            if len(recent) >= self.max_failures:
                return recent[0] + self.window_s - now
            self._attempts.setdefault(address, deque()).append(now)
            return 0.0

    def succeeded(self, address: str, now: float) -> None:
        """The attempt made at `now` was right: it does not count (the others still do)."""
        with self._lock:
            recent = self._attempts.get(address)
            if recent and now in recent:
                recent.remove(now)

    def _sweep(self, now: float) -> None:
        if now - self._swept_at >= self.window_s:
            for address in list(self._attempts):
                self._recent(address, now)
            self._swept_at = now

    def _recent(self, address: str, now: float) -> deque[float]:
        """The attempts of `address` still inside the window (older ones are dropped)."""
        times = self._attempts.get(address, deque())
        while times and times[0] + self.window_s <= now:
            times.popleft()
        if not times:
            self._attempts.pop(address, None)
        return times
